"""Migrant associations (流动人口协会): their pages, members, meetings and minutes.

An app of its own inside ``pages/`` (label ``associations``), as the covenant is inside
``governance/``: ``models`` hold the data, ``services`` every write and notification,
``rules`` who may do what, ``forms`` validate and ``views`` translate HTTP.
"""
