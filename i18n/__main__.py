"""The Chinese edition's catalogues (see README.md, "The Chinese edition").

    python -m i18n update                 bring locales/ in step with the English (make catalogues)
    python -m i18n build                  build the Chinese edition into _build/html/zh (make book)
    python -m i18n notebooks              write the Chinese notebooks zh/<page>.ipynb (make notebooks)
    python -m i18n missing                list untranslated and fuzzy messages
    python -m i18n export PAGE > F.json   a catalogue as JSON: [{"id": ..., "str": ..., "fuzzy": ...}, ...]
    python -m i18n import PAGE F.json     write translations back, after checking them (i18n/checks.py)

PAGE is a catalogue's path below locales/zh_CN/LC_MESSAGES without .po, e.g. book/ch03/cost or
labs/ch03-attention-algorithm.
"""
import json
import sys


def main(argv: list[str]) -> int:
    from i18n import catalogues, checks

    command, args = (argv[0], argv[1:]) if argv else ("", [])
    if command == "update" and not args:
        catalogues.update()
        return 0
    if command == "build" and not args:
        from i18n.edition import build
        print(f"The Chinese edition is in {build()}")
        return 0
    if command == "notebooks" and not args:
        from i18n.notebooks import write_all
        print(f"{len(write_all())} Chinese notebooks written to zh/")
        return 0
    if command == "missing" and not args:
        gaps = catalogues.missing()
        for gap in gaps:
            print(f"{gap.catalogue}: {gap.why}: {gap.message[:100]!r}")
        print(f"{len(gaps)} messages untranslated or fuzzy")
        return 1 if gaps else 0
    if command == "export" and len(args) == 1:
        catalog = catalogues.read(catalogues.MESSAGES / f"{args[0]}.po")
        rows = [{"id": m.id, "str": m.string, "fuzzy": m.fuzzy} for m in catalog if m.id]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if command == "import" and len(args) == 2:
        page, po = args[0], catalogues.MESSAGES / f"{args[0]}.po"
        catalog = catalogues.read(po)
        rows = json.loads(open(args[1], encoding="utf-8").read())
        failed = 0
        for row in rows:
            message = catalog.get(row["id"])
            if message is None:
                print(f"not a message of {page}: {row['id'][:80]!r}")
                failed += 1
                continue
            problems = checks.check(page, row["id"], row.get("str", ""))
            if problems:
                print(f"{row['id'][:80]!r}:\n  " + "\n  ".join(problems))
                failed += 1
                continue
            message.string = row.get("str", "")
            message.flags.discard("fuzzy")
        catalogues.write(po, catalog)
        print(f"{len(rows) - failed} written, {failed} refused")
        return 1 if failed else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
