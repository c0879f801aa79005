
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('areas', '0001_initial'),
        ('core', '0002_touchpointrollup'),
        ('elections', '0001_initial'),
        ('product', '0001_initial'),
    ]

    # The ledger's two tables were made by core's migrations 0001 and 0002: here they only
    # change their name and their app; core's 0003 forgets them.
    state_operations = [
        migrations.CreateModel(
            name='Touchpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occurred_on', models.DateField(verbose_name='tanggal')),
                ('front', models.CharField(choices=[('ground', 'darat'), ('air', 'udara'), ('online', 'online')], max_length=10, verbose_name='front')),
                ('channel', models.CharField(choices=[('door_to_door', 'dari pintu ke pintu'), ('market_visit', 'kunjungan pasar'), ('kampung_visit', 'kunjungan kampung'), ('community_meeting', 'pertemuan warga'), ('rally', 'kampanye terbuka'), ('event', 'acara'), ('phone', 'telepon'), ('sms', 'SMS'), ('whatsapp', 'WhatsApp'), ('tv', 'televisi'), ('radio', 'radio'), ('print', 'media cetak'), ('outdoor', 'baliho / luar ruang'), ('online_news', 'berita online'), ('x', 'X / Twitter'), ('facebook', 'Facebook'), ('instagram', 'Instagram'), ('tiktok', 'TikTok'), ('youtube', 'YouTube'), ('website', 'situs web')], max_length=30, verbose_name='kanal')),
                ('imc_element', models.CharField(choices=[('advertising', 'iklan'), ('sales_promotion', 'promosi'), ('direct_marketing', 'pemasaran langsung'), ('publicity_pr', 'publisitas & humas'), ('personal_selling', 'komunikasi tatap muka'), ('packaging', 'kemasan'), ('events_sponsorship', 'acara & sponsor'), ('customer_service', 'layanan warga')], max_length=30, verbose_name='unsur IMC')),
                ('area_code', models.CharField(blank=True, help_text='copy of area.code for subtree filters', max_length=40)),
                ('count', models.PositiveIntegerField(default=1, verbose_name='jumlah kontak')),
                ('reach', models.PositiveIntegerField(default=0, verbose_name='jangkauan (orang)')),
                ('reach_basis', models.CharField(blank=True, max_length=200, verbose_name='dasar perkiraan jangkauan')),
                ('cost_idr', models.BigIntegerField(default=0, verbose_name='biaya (Rp)')),
                ('media_type', models.CharField(choices=[('paid', 'berbayar'), ('earned', 'diperoleh (earned)'), ('owned', 'milik sendiri'), ('shared', 'dibagikan (shared)')], max_length=10, verbose_name='jenis media')),
                ('initiated_by', models.CharField(choices=[('candidate', 'kandidat'), ('staff', 'tim/staf'), ('volunteer', 'relawan'), ('media', 'media'), ('public', 'publik')], max_length=10, verbose_name='diprakarsai oleh')),
                ('participation_level', models.PositiveSmallIntegerField(blank=True, choices=[(1, '1 · diberi informasi'), (2, '2 · diajak berpendapat'), (3, '3 · bekerja sama'), (4, '4 · memimpin')], null=True, verbose_name='tingkat partisipasi')),
                ('tone', models.FloatField(blank=True, null=True, verbose_name='nada (−1…1)')),
                ('source', models.CharField(max_length=200, unique=True, verbose_name='sumber')),
                ('illustrative', models.BooleanField(default=False, verbose_name='ilustratif')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='touchpoints', to='areas.area')),
                ('contestant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='touchpoints', to='elections.contestant')),
                ('segment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='touchpoints', to='areas.segment')),
                ('theme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='touchpoints', to='product.theme')),
            ],
            options={
                'verbose_name': 'titik kontak',
                'verbose_name_plural': 'titik kontak',
                'ordering': ['-occurred_on', '-id'],
                'indexes': [models.Index(fields=['contestant', 'occurred_on'], name='tp_contestant_day'), models.Index(fields=['occurred_on', 'front', 'channel'], name='tp_day_front'), models.Index(fields=['area_code', 'occurred_on', 'front', 'channel', 'contestant', 'illustrative', 'count', 'reach', 'cost_idr'], name='tp_area_cover'), models.Index(fields=['area_code'], include=('occurred_on', 'front', 'channel', 'contestant', 'illustrative', 'count', 'reach', 'cost_idr'), name='tp_area_prefix_pg', opclasses=['varchar_pattern_ops'])],
                'constraints': [models.CheckConstraint(condition=models.Q(('tone__isnull', True), models.Q(('tone__gte', -1), ('tone__lte', 1)), _connector='OR'), name='tone_between_minus_one_and_one'), models.CheckConstraint(condition=models.Q(('cost_idr__gte', 0)), name='cost_not_negative')],
            },
        ),
        migrations.CreateModel(
            name='TouchpointRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occurred_on', models.DateField()),
                ('front', models.CharField(choices=[('ground', 'darat'), ('air', 'udara'), ('online', 'online')], max_length=10)),
                ('channel', models.CharField(choices=[('door_to_door', 'dari pintu ke pintu'), ('market_visit', 'kunjungan pasar'), ('kampung_visit', 'kunjungan kampung'), ('community_meeting', 'pertemuan warga'), ('rally', 'kampanye terbuka'), ('event', 'acara'), ('phone', 'telepon'), ('sms', 'SMS'), ('whatsapp', 'WhatsApp'), ('tv', 'televisi'), ('radio', 'radio'), ('print', 'media cetak'), ('outdoor', 'baliho / luar ruang'), ('online_news', 'berita online'), ('x', 'X / Twitter'), ('facebook', 'Facebook'), ('instagram', 'Instagram'), ('tiktok', 'TikTok'), ('youtube', 'YouTube'), ('website', 'situs web')], max_length=30)),
                ('kota', models.CharField(blank=True, max_length=5)),
                ('illustrative', models.BooleanField(default=False)),
                ('count', models.BigIntegerField(default=0)),
                ('reach', models.BigIntegerField(default=0)),
                ('cost_idr', models.BigIntegerField(default=0)),
                ('rows', models.IntegerField(default=0)),
                ('contestant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='elections.contestant')),
            ],
            options={
                'indexes': [models.Index(fields=['front', 'channel', 'contestant', 'occurred_on', 'kota', 'illustrative', 'count', 'reach', 'cost_idr', 'rows'], name='rollup_by_channel'), models.Index(fields=['occurred_on', 'front', 'channel', 'contestant', 'kota', 'illustrative', 'count', 'reach', 'cost_idr', 'rows'], name='rollup_by_day'), models.Index(fields=['kota', 'occurred_on', 'front', 'channel', 'contestant', 'illustrative', 'count', 'reach', 'cost_idr', 'rows'], name='rollup_by_kota')],
                'constraints': [models.UniqueConstraint(fields=('occurred_on', 'contestant', 'front', 'channel', 'kota', 'illustrative'), name='rollup_once')],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=state_operations,
            database_operations=[
                migrations.RunSQL(
                    f"ALTER TABLE core_{name} RENAME TO ledger_{name}",
                    f"ALTER TABLE ledger_{name} RENAME TO core_{name}",
                )
                for name in ("touchpoint", "touchpointrollup")
            ],
        )
    ]
