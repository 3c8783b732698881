"""Channels that reach citizens — e-mail, SMS, Zalo OA — behind one interface (issue 17).

`backend_for(channel).send(recipient, text, subject=...)` returns the provider's reference or
raises `ChannelError`. Which backend serves a channel comes from the environment
(settings.MOCUA_NOTIFY_BACKENDS, see the block at the end of mocua/settings.py):

- "file"  (the default for every channel): the message is appended to a file in
  MOCUA_NOTIFY_FILE_DIR, the recipient masked — for development and the demo;
- "email": Django's mail (EMAIL_* settings: SMTP when EMAIL_HOST is set);
- "http":  a gateway (an SMS brand-name provider, Zalo OA / ZNS) reached by HTTP POST of JSON
  with a bearer token; any 2xx answer is success, its JSON "id" (if any) the reference.

Error texts never carry the recipient (phone numbers stay out of logs, design principle 7).
The SMS helpers (`sms_text`, `sms_segments`) count GSM-7 segments: 160 characters for one,
153 for each part of a longer one.
"""

import datetime as dt
import json
import unicodedata
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone


class ChannelError(Exception):
    """The message was not sent; the text names no recipient."""


def mask(recipient: str) -> str:
    """'0912345678' -> '091****678'; 'an@example.vn' -> 'a***@example.vn'."""
    if "@" in recipient:
        user, _, host = recipient.partition("@")
        return f"{user[:1]}***@{host}"
    return recipient[:3] + "*" * max(0, len(recipient) - 6) + recipient[-3:] if len(recipient) > 6 else "***"


class FileBackend:
    """Development: append each message to <dir>/<channel>.log (recipient masked)."""

    def __init__(self, channel: str, options: dict):
        self.channel = channel
        self.folder = Path(options.get("dir") or settings.MOCUA_NOTIFY_FILE_DIR)

    def send(self, recipient: str, text: str, *, subject: str = "") -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.localtime().strftime("%d/%m/%Y %H:%M:%S")
        head = f"--- {stamp} {self.channel} → {mask(recipient)}" + (f" | {subject}" if subject else "")
        with (self.folder / f"{self.channel}.log").open("a", encoding="utf-8") as out:
            out.write(f"{head}\n{text}\n")
        return f"file:{self.channel}"


class EmailBackend:
    """Django's mail: SMTP when EMAIL_HOST is set (mocua/settings.py)."""

    def __init__(self, channel: str, options: dict):
        self.sender = options.get("sender") or settings.DEFAULT_FROM_EMAIL

    def send(self, recipient: str, text: str, *, subject: str = "") -> str:
        try:
            send_mail(subject or "Thông báo", text, self.sender, [recipient])
        except Exception as e:  # noqa: BLE001 - SMTP, DNS, socket: all are a failed send
            raise ChannelError(f"Máy chủ thư không nhận thư ({type(e).__name__}).") from None
        return "email"


class HttpGatewayBackend:
    """POST {"to", "text", "sender"} (SMS) or {"phone", "text", "oa_id"} (Zalo) as JSON to `url`."""

    def __init__(self, channel: str, options: dict):
        self.channel = channel
        self.url = options.get("url", "")
        self.token = options.get("token", "")
        self.sender = options.get("sender", "")
        self.timeout = float(options.get("timeout") or 10)
        if not self.url:
            raise ChannelError(
                f"Chưa cấu hình địa chỉ cổng gửi {channel} (MOCUA_NOTIFY_{channel.upper()}_URL)."
            )

    def payload(self, recipient: str, text: str) -> dict:
        if self.channel == "zalo":
            return {"phone": recipient, "text": text, "oa_id": self.sender}
        return {"to": recipient, "text": text, "sender": self.sender}

    def send(self, recipient: str, text: str, *, subject: str = "") -> str:
        body = json.dumps(self.payload(recipient, text), ensure_ascii=False).encode()
        request = urllib.request.Request(self.url, data=body, method="POST")
        request.add_header("Content-Type", "application/json; charset=utf-8")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - configured URL
                raw = response.read(64 * 1024)
        except urllib.error.HTTPError as e:
            raise ChannelError(f"Cổng gửi {self.channel} trả lỗi HTTP {e.code}.") from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise ChannelError(
                f"Không kết nối được cổng gửi {self.channel} ({type(reason).__name__})."
            ) from None
        try:
            answer = json.loads(raw or b"{}")
        except ValueError:
            answer = {}
        return str(answer.get("id", "")) if isinstance(answer, dict) else ""


BACKENDS = {"file": FileBackend, "email": EmailBackend, "http": HttpGatewayBackend}


def backend_for(channel: str):
    """The configured backend of `channel` ("sms", "zalo", "email")."""
    options = dict(settings.MOCUA_NOTIFY_BACKENDS.get(channel) or {"backend": "file"})
    kind = options.get("backend", "file")
    if kind not in BACKENDS:
        raise ChannelError(f"Kiểu gửi “{kind}” của kênh {channel} không được hỗ trợ.")
    return BACKENDS[kind](channel, options)


def retry_delay(attempts: int) -> dt.timedelta:
    """Wait before the next try after `attempts` failures: 1, 2, 4 … minutes, at most 2 hours."""
    return dt.timedelta(minutes=min(120, 2 ** max(0, attempts - 1)))


# --- SMS text ------------------------------------------------------------------------------

# GSM 03.38 basic set and the extension characters (which take two septets each).
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")
SINGLE, PART = 160, 153


def without_diacritics(text: str) -> str:
    """'Hồ sơ đã tiếp nhận' -> 'Ho so da tiep nhan' (case kept); characters outside GSM-7 dropped."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = text.replace("–", "-").replace("—", "-").replace("“", '"').replace("”", '"').replace("’", "'")
    return "".join(c for c in text if c in GSM_BASIC or c in GSM_EXTENDED)


def sms_length(text: str) -> int:
    """Septets the text takes in GSM-7 (extension characters count twice)."""
    return sum(2 if c in GSM_EXTENDED else 1 for c in text)


def sms_segments(text: str) -> int:
    """1 up to 160 septets, else ceil(length / 153)."""
    n = sms_length(text)
    return 1 if n <= SINGLE else -(-n // PART)


def sms_text(text: str, *, max_segments: int = 2) -> str:
    """The text without diacritics, cut (with "...") to fit `max_segments` segments."""
    text = " ".join(without_diacritics(text).split())
    limit = SINGLE if max_segments == 1 else PART * max_segments
    if sms_length(text) <= limit:
        return text
    while sms_length(text) > limit - 3:
        text = text[:-1]
    return text.rstrip() + "..."
