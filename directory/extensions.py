"""Unbound Flask extensions; bound to an app in ``create_app``. Imports nothing of the app."""

from typing import TYPE_CHECKING

from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base shared by every model."""


db = SQLAlchemy(model_class=Base)

# The class every model derives from. At run time it is ``db.Model`` (Base plus Flask-SQLAlchemy's
# table-name and bind mixins). mypy cannot use an attribute of an instance as a base class
# (python/mypy#8603), so to a type checker it is a plain subclass of Base: the mapped columns and
# ``__init__(**kw)`` that the models rely on come from there.
if TYPE_CHECKING:

    class Model(Base):
        """What ``db.Model`` is, as far as a type checker needs to know."""

        __abstract__ = True

else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
bootstrap = Bootstrap5()
