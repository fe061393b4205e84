"""The registration domain in plain Python: form definitions, code tables, lenient save and the
strict 填写检查. No framework imports: the RPC service is a thin adapter around these modules."""
