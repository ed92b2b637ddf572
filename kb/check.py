"""Checking that the index says what the stored records and sources say."""
from __future__ import annotations

from kb import index, store
from kb.home import Home, HomeError


def problems(home: Home) -> list[str]:
    """Every difference found between the records, the history's sources and the live index."""
    found = []
    try:
        home.live_index()
    except HomeError as e:  # not a directory, or not readable: nothing else can be checked
        return [str(e)]
    if home.txn.exists():
        found.append("a write was interrupted and is not finished (the next write, or `kb check --repair`, "
                     "completes or discards it)")
    for record in store.history(home):
        for entry in record["entries"]:
            if entry["op"] == "ingest" and not (home.sources / entry["stored"]).exists():
                found.append(f"the stored copy of {entry['name']} ({entry['stored']}) is missing")
    records = {u.id: u.to_dict() for u in store.read_records(home)}
    try:
        indexed = index.read(home, lambda snap: {u.id: u.to_dict() for u in snap.updates()} if snap else None)
    except Exception as e:  # any failure to read the index is what this check reports
        return found + [f"the index cannot be read: {e}"]
    if indexed is None:
        return found + (["there is no index although updates are stored"] if records else [])
    for uid in sorted(records.keys() - indexed.keys()):
        found.append(f"update {uid} is stored but not in the index")
    for uid in sorted(indexed.keys() - records.keys()):
        found.append(f"update {uid} is in the index but not stored")
    for uid in sorted(records.keys() & indexed.keys()):
        if records[uid] != indexed[uid]:
            found.append(f"update {uid} differs between its record and the index")
    return found
