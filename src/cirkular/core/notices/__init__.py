"""Procurement notices: parse TED eForms and legacy TED XML, detect circular markers, count them.

- :mod:`.parse` — bytes of one notice → :class:`.record.Notice` (hardened lxml parser);
  :mod:`.eforms` and :mod:`.ted_legacy` do the two formats.
- :mod:`.detect` — circular and green markers with evidence; the text cues are data in
  :mod:`.cues`.
- :mod:`.pipeline` — files, lists and TED packages in; Parquet and DuckDB out
  (:func:`.pipeline.ingest`).
- :mod:`.store` — the Parquet layout and the DuckDB views; :mod:`.stats` — figures and peers.
"""
