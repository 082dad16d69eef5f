"""Outside channels. Each sends one delivery or raises ``DeliveryError``."""

from kehoach.notify.channels.base import CHANNELS, DeliveryError, SendResult

__all__ = ["CHANNELS", "DeliveryError", "SendResult"]

# Register the channels.
from kehoach.notify.channels import email, gateway, webhook

__all__ += ["email", "gateway", "webhook"]
