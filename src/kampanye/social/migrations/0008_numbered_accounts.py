from django.db import migrations, models


def number_accounts(apps, schema_editor):
    """Chunks written before the accounts were numbered (their accounts as text, not sorted
    by ``cmask`` and day) written again as ``columns`` now keeps them."""
    import polars as pl

    from kampanye.elections.models import Election
    from kampanye.social import columns

    for election in Election.objects.all():
        if columns.frame(election, columns.AUTHOR).schema["author"] == pl.Utf8:
            given = {kind: columns.frame(election, kind) for kind in columns.SCHEMAS}
            columns.replace(election, None, given)


class Migration(migrations.Migration):

    dependencies = [
        ('social', '0007_columns'),
    ]

    operations = [
        migrations.AlterField(
            model_name='columnchunk',
            name='kind',
            field=models.CharField(choices=[('author', 'author'), ('edge', 'edge'), ('hashtag', 'hashtag'), ('news', 'news'), ('account', 'account')], max_length=10),
        ),
        migrations.RunPython(number_accounts, migrations.RunPython.noop),
    ]
