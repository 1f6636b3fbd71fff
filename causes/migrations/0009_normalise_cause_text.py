"""
Normalise the causes' text once, and their history with it: LF line endings (browsers sent CRLF
through the admin), no spaces at the ends of lines, no blank lines around the text. From now on
every save normalises (Cause.save), so that the history records only real changes; normalising
the history's rows too keeps the first change after this from showing every field as changed.
The seed files are already normal, so an entry untouched since seeding keeps its seed checksum.
"""

from django.db import migrations, models


def normalised(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def normalise_rows(model) -> None:
    text_fields = [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]
    for row in model.objects.only("pk", *text_fields).iterator():
        changed = {}
        for name in text_fields:
            value = getattr(row, name)
            if isinstance(value, str) and normalised(value) != value:
                changed[name] = normalised(value)
        if changed:
            model.objects.filter(pk=row.pk).update(**changed)


def normalise_cause_text(apps, schema_editor):
    normalise_rows(apps.get_model("causes", "Cause"))
    normalise_rows(apps.get_model("causes", "HistoricalCause"))


class Migration(migrations.Migration):
    dependencies = [
        ("causes", "0008_cause_drafts_and_sign_off"),
    ]

    operations = [
        migrations.RunPython(normalise_cause_text, migrations.RunPython.noop),
    ]
