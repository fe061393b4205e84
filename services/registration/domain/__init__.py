"""The registration domain in plain Python: form definitions and code tables, the draft and how
it changes (draft.py), who may read or change it (access.py), lenient save and the strict 填写检查."""
