// 待审核成果 of every reviewing level (单位管理员, 推荐单位, 登记机构): the caller's own queue.
import { reviewList } from "./review-list.js";
reviewList();
