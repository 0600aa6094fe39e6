from django import forms

from tests.testapp.models import Secret


def test_encrypted_fields_get_form_fields_of_their_value_type():
    assert isinstance(Secret._meta.get_field("name").formfield(), forms.CharField)
    assert isinstance(Secret._meta.get_field("born").formfield(), forms.DateField)
    assert isinstance(Secret._meta.get_field("contacts").formfield(), forms.JSONField)


def test_a_bad_date_is_refused_by_the_form_field():
    field = Secret._meta.get_field("born").formfield()
    assert field is not None
    try:
        field.clean("31/02/2020")
    except forms.ValidationError as exc:
        assert "Enter a valid date" in str(exc)
    else:
        raise AssertionError("a bad date was accepted")
