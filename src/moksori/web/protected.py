"""Field-level envelope encryption for survivor data, on every backend.

Each protected record carries its own data key, wrapped by the store's field master key
(``record_key``). Every sensitive field is encrypted with that data key and bound, as associated
data, to its table, primary key and field name: a ciphertext copied to another row or field no
longer opens. On SQLCipher this is a second layer; on PostgreSQL it is what keeps ``pg_dump`` free
of plaintext. Destroying ``record_key`` makes the record's fields unreadable (crypto-shredding).

Django loads a column through ``from_db_value``, which does not know the row, so a loaded value is
kept sealed and opened on first access through a descriptor that knows the instance.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from moksori.crypto import envelope
from moksori.web.store import store_keys


class Sealed(str):
    """A ciphertext as read from the database, not yet opened."""

    __slots__ = ()


class _ProtectedAttribute:
    """Holds plaintext on the instance; opens a Sealed value lazily with the record's key."""

    def __init__(self, field: EncryptedTextField) -> None:
        self.field = field

    def __get__(self, instance: ProtectedModel | None, owner: type) -> Any:
        if instance is None:
            return self
        value = instance.__dict__.get(self.field.attname)
        if isinstance(value, Sealed):
            value = envelope.decrypt_field(instance.record_data_key(), value, aad=self.field.aad(instance))
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance: ProtectedModel, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text field stored as AES-256-GCM ciphertext under its record's data key."""

    def contribute_to_class(self, cls: type[models.Model], name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only)
        setattr(cls, self.attname, _ProtectedAttribute(self))

    def aad(self, instance: models.Model) -> str:
        return f"{instance._meta.label_lower}:{instance.pk}:{self.attname}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        # Blank values are stored blank (an empty field holds nothing to protect).
        return value if not value else Sealed(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if value is None or value == "":
            return value
        assert isinstance(model_instance, ProtectedModel)
        return envelope.encrypt_field(
            model_instance.record_data_key(), str(value), aad=self.aad(model_instance)
        )

    def get_prep_value(self, value: Any) -> Any:
        if value is None or isinstance(value, Sealed):
            return value
        return super().get_prep_value(value)


class RecordKeyField(models.BinaryField):  # type: ignore[type-arg]
    """The record's wrapped data key; made on first save, before any protected field is encrypted."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        assert isinstance(model_instance, ProtectedModel)
        model_instance.record_data_key()
        return model_instance.record_key


class ProtectedModel(models.Model):
    """Base of every model that holds survivor data in protected fields."""

    record_key = RecordKeyField(editable=False, default=b"")
    _record_data_key: bytes | None = None

    class Meta:
        abstract = True

    def record_data_key(self) -> bytes:
        if self._record_data_key is not None:
            return self._record_data_key
        master = store_keys().fields
        if self.record_key:
            key = envelope.unwrap_record_key(master, bytes(self.record_key), record=self._record_label())
        else:
            key, wrapped = envelope.new_record_key(master, record=self._record_label())
            self.record_key = wrapped
        self._record_data_key = key
        return key

    def _record_label(self) -> str:
        return f"{self._meta.label_lower}:{self.pk}"
