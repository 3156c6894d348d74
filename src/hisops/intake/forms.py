from django import forms
from django.utils.translation import gettext_lazy as _

from hisops.core.forms import Form


class WecomAppForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    corp_id = forms.CharField(label="CorpID", max_length=64)
    agent_id = forms.CharField(label="AgentId", max_length=32, required=False)
    callback_token = forms.CharField(label="Token", max_length=64)
    encoding_aes_key = forms.CharField(
        label="EncodingAESKey",
        max_length=43,
        min_length=43,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class MailboxForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    host = forms.CharField(label=_("IMAP server"), max_length=200)
    port = forms.IntegerField(label=_("Port"), initial=993)
    use_ssl = forms.BooleanField(label="SSL", required=False, initial=True)
    username = forms.CharField(label=_("User"), max_length=200)
    password = forms.CharField(label=_("Password"), max_length=200, widget=forms.PasswordInput)
