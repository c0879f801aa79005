from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_touchpointrollup'),
    ]

    # The tables stay: the ledger app's 0001 takes them over under its own name.
    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.RemoveField(
            model_name='touchpointrollup',
            name='contestant',
        ),
        migrations.DeleteModel(
            name='Touchpoint',
        ),
        migrations.DeleteModel(
            name='TouchpointRollup',
        ),
    ])
    ]
