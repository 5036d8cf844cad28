"""The walkthrough notebook is executed, so it cannot rot."""


import pytest

from conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


def test_walkthrough_notebook_runs():
    path = ROOT / "notebooks" / "walkthrough.ipynb"
    if not any((ROOT / "corpora" / "drafts").glob("*.txt")):
        pytest.skip("no drafts yet")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "chars" in outputs and "第" in outputs
