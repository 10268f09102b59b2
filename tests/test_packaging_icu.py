"""Which ICU data items the Linux build keeps (packaging/linux/trim_icu.py): Vietnamese,
English and the data QtCore itself needs; a wrong rule would break sorting or time zones
in the built program only, where no other test looks."""
import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "packaging" / "linux" / "trim_icu.py"
_spec = importlib.util.spec_from_file_location("trim_icu", _PATH)
trim_icu = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trim_icu)


@pytest.mark.parametrize("item", [
    "root.res", "vi.res", "vi_VN.res", "en.res", "en_US_POSIX.res", "res_index.res",
    "pool.res", "coll/vi.res", "coll/root.res", "coll/ucadata.icu", "zone/vi.res",
    "zone/root.res", "zoneinfo64.res", "metaZones.res", "timezoneTypes.res",
    "supplementalData.res", "likelySubtags.res", "ucase.icu", "uprops.icu", "nfc.nrm",
    "cnvalias.icu", "windows-1258-2000.cnv", "icudt73l/coll/vi.res",
])
def test_kept(item):
    assert not trim_icu._dropped(item, 10_000), item


@pytest.mark.parametrize("item", [
    "fr.res", "zh_Hant_TW.res", "coll/fr.res", "zone/de.res", "translit/el.res",
    "brkitr/root.res", "brkitr/cjdict.dict", "curr/vi.res", "lang/vi.res", "region/en.res",
    "unit/vi.res", "rbnf/vi.res", "unames.icu", "rfc3491.spp", "icudt73l/coll/fr.res",
])
def test_dropped(item):
    assert trim_icu._dropped(item, 10_000), item


def test_big_codecs_dropped_small_kept():
    assert trim_icu._dropped("gb18030.cnv", trim_icu.BIG_CODEC + 1)
    assert not trim_icu._dropped("ibm-1258_P100-1997.cnv", trim_icu.BIG_CODEC)
