"""The WeCom application callback: the published scheme checked against Tencent's sample
vectors, then a message creating a ticket (once, however often WeCom retries), a message
naming a ticket adding to it, and the encrypted reply."""

import pytest

from hisops.core.capabilities import SYSTEM, Role
from hisops.intake import wecom
from hisops.intake.services import wecom_app_create
from hisops.tickets.models import Ticket

pytestmark = pytest.mark.django_db
KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"  # Tencent's WXBizMsgCrypt samples
CORP = "ww1436e0e65a779aee"
SAMPLE_MESSAGE = (
    "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+"
    "NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0"
    "cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+"
)


def test_the_published_vectors():
    echostr = (
        "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
    )
    assert (
        wecom.signature("QDG6eK", "1409659589", "263014780", echostr)
        == "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"
    )
    verify = (
        "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA=="
    )
    assert wecom.decrypt(verify, encoding_aes_key=KEY, receive_id=CORP) == "1288432023552776189"
    inner = wecom.decrypt(SAMPLE_MESSAGE, encoding_aes_key=KEY, receive_id=CORP)
    assert (
        "<FromUserName>ChenJiaShun</FromUserName>" in inner and "<Content>你好</Content>" in inner
    )
    with pytest.raises(wecom.WecomError):  # a message for another corp
        wecom.decrypt(SAMPLE_MESSAGE, encoding_aes_key=KEY, receive_id="wwsomeoneelse")


def test_encrypt_is_the_inverse_of_decrypt():
    sealed = wecom.encrypt(
        "<xml>医嘱打印</xml>", encoding_aes_key=KEY, receive_id=CORP, random16=b"0123456789abcdef"
    )
    assert wecom.decrypt(sealed, encoding_aes_key=KEY, receive_id=CORP) == "<xml>医嘱打印</xml>"


@pytest.fixture
def app(hospital):
    return wecom_app_create(
        actor=SYSTEM,
        hospital=hospital,
        name="信息科报修",
        corp_id=CORP,
        callback_token="QDG6eK",
        encoding_aes_key=KEY,
    )


def send(client, app, inner: str, nonce="1372623149", timestamp="1409659813"):
    sealed = wecom.encrypt(inner, encoding_aes_key=KEY, receive_id=CORP)
    body = f"<xml><ToUserName><![CDATA[{CORP}]]></ToUserName><Encrypt><![CDATA[{sealed}]]></Encrypt><AgentID>1000002</AgentID></xml>"
    sig = wecom.signature("QDG6eK", timestamp, nonce, sealed)
    return client.post(f"/hooks/wecom/{app.path_token}/?msg_signature={sig}&timestamp={timestamp}&nonce={nonce}",
                       data=body.encode(), content_type="text/xml")  # fmt: skip


def read_reply(response) -> str:
    from xml.etree import ElementTree

    outer = ElementTree.fromstring(response.content)
    encrypted = outer.findtext("Encrypt")
    assert wecom.signature(
        "QDG6eK", outer.findtext("TimeStamp"), outer.findtext("Nonce"), encrypted
    ) == outer.findtext("MsgSignature")
    inner = ElementTree.fromstring(wecom.decrypt(encrypted, encoding_aes_key=KEY, receive_id=CORP))
    return inner.findtext("Content")


def message(text, msg_id="1001", user="zhou"):
    return (f"<xml><ToUserName>{CORP}</ToUserName><FromUserName>{user}</FromUserName><CreateTime>1409659813</CreateTime>"
            f"<MsgType>text</MsgType><Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId><AgentID>1000002</AgentID></xml>")  # fmt: skip


def test_a_message_opens_a_ticket_once_and_a_reply_names_it(client, app, make_user):
    make_user(Role.CLINICIAN, username="zhou")
    response = send(client, app, message("心内科护士站打印机卡纸\n已重启无效"))
    assert response.status_code == 200
    ticket = Ticket.objects.get()
    assert (
        ticket.channel == "wecom"
        and ticket.title == "心内科护士站打印机卡纸"
        and ticket.reporter.username == "zhou"
    )
    assert ticket.number in read_reply(response)
    again = send(client, app, message("心内科护士站打印机卡纸\n已重启无效"))  # WeCom's retry
    assert Ticket.objects.count() == 1 and ticket.number in read_reply(again)
    follow = send(client, app, message(f"{ticket.number} 现在又卡住了", msg_id="1002"))
    assert ticket.number in read_reply(follow) and Ticket.objects.count() == 1
    assert ticket.events.filter(action="comment", note__contains="又卡住").exists()


def test_url_verification_and_forged_requests(client, app):
    echostr = wecom.encrypt("8431762917", encoding_aes_key=KEY, receive_id=CORP)
    sig = wecom.signature("QDG6eK", "1476416373", "47744683", echostr)
    ok = client.get(
        f"/hooks/wecom/{app.path_token}/",
        {"msg_signature": sig, "timestamp": "1476416373", "nonce": "47744683", "echostr": echostr},
    )
    assert ok.status_code == 200 and ok.content == b"8431762917"
    forged = client.get(
        f"/hooks/wecom/{app.path_token}/",
        {"msg_signature": "0" * 40, "timestamp": "1", "nonce": "2", "echostr": echostr},
    )
    assert forged.status_code == 400
    assert client.get("/hooks/wecom/unknown/").status_code == 404
    bad = send(client, app, message("x"), nonce="1")
    assert bad.status_code == 200  # signed correctly with its own nonce
    tampered = client.post(
        f"/hooks/wecom/{app.path_token}/?msg_signature={'a' * 40}&timestamp=1&nonce=1",
        data=b"<xml><Encrypt>AAAA</Encrypt></xml>",
        content_type="text/xml",
    )
    assert tampered.status_code == 400


def test_the_channels_page_registers_an_application_and_shows_its_callback_url(client, it_admin):
    client.force_login(it_admin)
    response = client.post("/intake/", {"form": "wecom", "name": "信息科报修", "corp_id": CORP, "agent_id": "1000002",
                                                         "callback_token": "QDG6eK", "encoding_aes_key": KEY})  # fmt: skip
    assert response.status_code == 302
    page = client.get("/intake/").content.decode()
    assert "/hooks/wecom/" in page and "信息科报修" in page


def test_a_picture_gets_a_request_for_words_and_no_ticket(client, app):
    picture = (f"<xml><ToUserName>{CORP}</ToUserName><FromUserName>zhou</FromUserName><CreateTime>1409659813</CreateTime>"
               "<MsgType>image</MsgType><PicUrl>http://example.invalid/a.jpg</PicUrl><MsgId>2001</MsgId></xml>")  # fmt: skip
    response = send(client, app, picture)
    assert "文字" in read_reply(response) and not Ticket.objects.exists()
