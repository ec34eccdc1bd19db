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
