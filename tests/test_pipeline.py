from claimtrack.errors import DocumentError, ExtractionError
from claimtrack.ledger import Ledger
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document


class Flaky(OfflineExtractor):
    """The offline extractor, failing on documents that contain a marker."""

    def extract(self, document):
        if "FAIL" in document.text:
            raise ExtractionError("the backend gave up on this one")
        return super().extract(document)


def test_failures_are_recorded_and_the_batch_goes_on(tmp_path, seed_document):
    ledger = Ledger(tmp_path / "l.db")
    bad = Document(text="FAIL on March 3, 2021.", source="bad.txt")
    items = [bad, DocumentError("x.bin", "binary file"), seed_document]
    summary = extract_documents(ledger, items, Flaky())
    assert summary.documents_done == 1 and summary.documents_failed == 1
    assert summary.input_errors == ["x.bin: binary file"]
    assert summary.failures == ["bad.txt: the backend gave up on this one"]
    assert not summary.ok
    (failure,) = ledger.failures()
    assert failure["error"] == "the backend gave up on this one"
    run = ledger.db["runs"].get(summary.run_id)
    assert (run["status"], run["documents_done"], run["documents_failed"]) == ("finished", 1, 2)

    again = extract_documents(ledger, [bad, seed_document], OfflineExtractor())
    assert (again.documents_done, again.documents_skipped) == (1, 1)
    assert ledger.failures() == []


def test_a_new_extractor_version_is_not_skipped(tmp_path, seed_document):
    ledger = Ledger(tmp_path / "l.db")
    extract_documents(ledger, [seed_document], OfflineExtractor())

    class Newer(OfflineExtractor):
        model = "claimtrack-offline-999"

    summary = extract_documents(ledger, [seed_document], Newer())
    assert summary.documents_done == 1 and summary.claims_added > 0
