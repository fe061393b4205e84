import { reviewList } from "./review-list.js";
reviewList();
