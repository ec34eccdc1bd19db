from desktop.models.nik import mask_nik, mask_phone


def test_masking():
    assert mask_nik("3275010101010001") == "3275********0001"
    assert mask_phone("081234567890") == "0812****7890"
    assert mask_nik(None) == "" and mask_phone("") == ""
