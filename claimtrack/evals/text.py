"""The evaluation report as text for a terminal: a small table per kind, then its fields."""

from __future__ import annotations

from claimtrack.evals.report import SET_FIELDS, EvalReport, FieldScore, KindReport

_FIELD_NAMES = {
    "date_value": "date value",
    "speaker": "speaker",
    "parties": "parties",
    "quantities": "quantities",
}
_SHOWN = 3  # names of missing or failed documents listed before "and N more"


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _names(names: list[str]) -> str:
    shown = "; ".join(names[:_SHOWN])
    return shown + (f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else "")


def format_report(report: EvalReport) -> str:
    about = report.about
    if "backend" in about:
        where = f"extracted with the {about['backend']} backend ({about['model']})"
    else:
        where = f"claims read from {about.get('ledger')}"
    lines = [f"Gold: {about.get('gold')}, {report.documents} document(s); {where}."]
    if about.get("documents_missing"):
        missing = about["documents_missing"]
        lines.append(
            f"Not in the ledger: {len(missing)} gold document(s), their claims counted as "
            f"missed: {_names(missing)}."
        )
    if about.get("documents_failed"):
        failed = about["documents_failed"]
        lines.append(f"Failed: {len(failed)} document(s): {_names(failed)}.")
    if len(about.get("extractors") or []) > 1:
        lines.append(
            f"The claims of {len(about['extractors'])} extractors are counted together: "
            + ", ".join(about["extractors"])
        )
    shown = [r for r in report.kinds.values() if not r.empty]
    if not shown:
        lines.append("No gold claims and no predictions.")
    for kind in shown:
        blocks = _kind_lines(kind)
        if len(blocks) > 1 or lines[-1]:
            lines.append("")
        lines.extend(blocks)
    return "\n".join(lines)


def _kind_lines(report: KindReport) -> list[str]:
    if not (report.gold or report.gold_optional or report.predicted):
        return [
            f"{report.kind}: not annotated in the gold; {report.unscored} predicted, not scored"
        ]
    head = f"{report.kind}: {report.gold} gold"
    if report.gold_optional:
        head += f" (+{report.gold_optional} optional)"
    head += f", {report.predicted} predicted"
    extra = []
    if report.ignored:
        extra.append(f"{report.ignored} on optional gold, not scored")
    if report.unscored:
        extra.append(f"{report.unscored} in documents that do not annotate {report.kind}s")
    if extra:
        head += f" ({'; '.join(extra)})"
    head += f", {report.duplicates} duplicate(s)"
    lines = [head, f"  {'criterion':<11} {'matched':>7} {'precision':>9} {'recall':>7} {'F1':>6}"]
    for label, matched in (("overlap", report.matched_overlap), ("IoU >= 0.5", report.matched_iou)):
        s = report.scores(matched)
        lines.append(
            f"  {label:<11} {matched:>7} {_number(s['precision']):>9} "
            f"{_number(s['recall']):>7} {_number(s['f1']):>6}"
        )
    for name, score in report.fields.items():
        if score.scored:
            lines.append(f"  {_field_line(name, score)}")
    return lines


def _field_line(name: str, score: FieldScore) -> str:
    label = _FIELD_NAMES.get(name, name)
    share = _number(score.right / score.scored)
    if name in SET_FIELDS:
        return (
            f"{label}: exact set {score.right}/{score.scored} ({share}), mean Jaccard "
            f"{_number(score.jaccard / score.scored)} (over claims matched at overlap)"
        )
    return f"{label}: {score.right}/{score.scored} right ({share}, over claims matched at overlap)"
