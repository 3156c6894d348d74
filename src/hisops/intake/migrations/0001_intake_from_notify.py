# WeCom applications, mailboxes and the inbound record move from notify (outbound only) to intake.
# Step 2: intake adopts the models on the renamed tables; nothing is created.

from django.db import migrations
from django.db import models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ('notify', '0005_intake_tables_renamed'),
        ('tickets', '0007_calendars_app'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='WecomApp',
                    fields=(('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')), ('hospital', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hospital', verbose_name='hospital')), ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')), ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')), ('name', models.CharField(max_length=100, verbose_name='name')), ('path_token', models.CharField(max_length=64, unique=True)), ('corp_id', models.CharField(max_length=64, verbose_name='CorpID')), ('agent_id', models.CharField(blank=True, max_length=32, verbose_name='AgentId')), ('callback_token', models.CharField(max_length=64, verbose_name='callback Token')), ('encoding_aes_key', models.CharField(max_length=43, verbose_name='EncodingAESKey')), ('is_active', models.BooleanField(default=True, verbose_name='active'))),
                    options={
                        'verbose_name': 'WeCom application',
                        'verbose_name_plural': 'WeCom applications',
                        'indexes': [],
                        'constraints': [],
                    },
                ),
                migrations.CreateModel(
                    name='Inbound',
                    fields=(('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')), ('hospital', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hospital', verbose_name='hospital')), ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')), ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')), ('source', models.CharField(max_length=20)), ('key', models.CharField(max_length=300)), ('ticket', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='tickets.ticket')), ('reply', models.CharField(blank=True, max_length=300))),
                    options={
                        'constraints': [models.UniqueConstraint(fields=('hospital', 'source', 'key'), name='inbound_once')],
                        'indexes': [],
                    },
                ),
                migrations.CreateModel(
                    name='Mailbox',
                    fields=(('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')), ('hospital', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.hospital', verbose_name='hospital')), ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')), ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')), ('name', models.CharField(max_length=100, verbose_name='name')), ('host', models.CharField(max_length=200, verbose_name='IMAP server')), ('port', models.PositiveIntegerField(default=993, verbose_name='port')), ('use_ssl', models.BooleanField(default=True, verbose_name='SSL')), ('username', models.CharField(max_length=200, verbose_name='user')), ('password', models.CharField(max_length=200, verbose_name='password')), ('folder', models.CharField(default='INBOX', max_length=100, verbose_name='folder')), ('is_active', models.BooleanField(default=True, verbose_name='active')), ('last_polled_at', models.DateTimeField(blank=True, null=True)), ('last_error', models.TextField(blank=True))),
                    options={
                        'verbose_name': 'mailbox',
                        'verbose_name_plural': 'mailboxes',
                        'indexes': [],
                        'constraints': [],
                    },
                ),
            ]
        ),
    ]
