import pytest

from desktop.models.errors import UserError
from desktop.models.settings import current_puskesmas
from desktop.services.identity import IdentityForm, load_identity, save_identity, validate_identity


def test_new_database_creates_puskesmas_on_first_save(db):
    assert current_puskesmas() is None
    assert load_identity() == IdentityForm()
    save_identity(IdentityForm(name="Puskesmas Sukamaju", kabupaten="Bogor", kepala_nip="19800101 200501 2 001"))
    form = load_identity()
    assert form.name == "Puskesmas Sukamaju" and form.kabupaten == "Bogor"
    assert form.kepala_nip == "198001012005012001"


def test_validation_names_the_fields(db):
    errors = validate_identity(IdentityForm(name=" ", kabupaten="", pj_promkes_nip="1234"))
    assert "Nama puskesmas wajib diisi." in errors
    assert "Kabupaten/Kota wajib diisi." in errors
    assert any(e.startswith("NIP PJ Promkes harus 18 angka") for e in errors)
    with pytest.raises(UserError):
        save_identity(IdentityForm(name="", kabupaten="Bogor"))
    assert current_puskesmas() is None  # nothing half-written


def test_edit_existing_identity(demo_db):
    form = load_identity()
    form.kepala_name = "dr. Baru"
    form.is_kota = True
    save_identity(form)
    again = load_identity()
    assert again.kepala_name == "dr. Baru" and again.is_kota and again.name == form.name


def test_typed_prefix_kode_pos_and_signing_place_are_normalised(demo_db):
    from desktop.services.printing import print_identity

    form = load_identity()
    assert print_identity().place == "Cibarusah"  # nothing set: the kecamatan of the puskesmas's desa
    form.kabupaten, form.postal_code, form.sign_place = "kabupaten  KABUPATEN bekasi", "17340", "kec.  cibarusah"
    save_identity(form)
    again = load_identity()
    assert (again.kabupaten, again.is_kota, again.postal_code, again.sign_place) == ("Bekasi", False, "17340",
                                                                                     "Cibarusah")
    identity = print_identity()
    assert identity.kabupaten == "Kabupaten Bekasi" and identity.postal_code == "17340"
    form = load_identity()
    form.kabupaten, form.sign_place = "Kota Bekasi", ""
    save_identity(form)
    assert load_identity().is_kota and print_identity().place == "Kota Bekasi"


def test_kode_pos_must_be_five_digits(db):
    errors = validate_identity(IdentityForm(name="Puskesmas A", kabupaten="Bogor", postal_code="1734"))
    assert errors == ["Kode pos harus 5 angka (tertulis '1734')."]


@pytest.mark.gui
def test_identity_editor_sets_kode_pos_and_signing_place(demo_db, qtbot):
    from desktop.views.pages.identity_editor import IdentityEditor

    editor = IdentityEditor()
    qtbot.addWidget(editor)
    editor.fields["postal_code"].clear()
    qtbot.keyClicks(editor.fields["postal_code"], "17340")
    qtbot.keyClicks(editor.fields["sign_place"], "Kecamatan Cibarusah")
    assert editor.save()
    saved = load_identity()
    assert saved.postal_code == "17340" and saved.sign_place == "Cibarusah"
