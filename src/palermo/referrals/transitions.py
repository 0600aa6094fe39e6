"""Who may move a referral from which state to which: the one table of the workflow.

    sent ──accept──> accepted ──start──> in_progress ──complete──> completed
      │                 │ └──────────complete──────────────────────┘
      └─decline─> declined        (any of sent/accepted/in_progress/completed) ──revoke──> revoked

The receiver answers and works the referral; only the sender revokes it. Declined and revoked
are final. Revoking a completed referral ends the receiver's access to the case.
"""

from __future__ import annotations

from enum import StrEnum

from palermo.referrals.codes import ReferralStatus as S


class Side(StrEnum):
    SENDER = "sender"
    RECEIVER = "receiver"


#: action -> (side allowed, states it starts from, state it ends in)
TRANSITIONS: dict[str, tuple[Side, tuple[S, ...], S]] = {
    "accept": (Side.RECEIVER, (S.SENT,), S.ACCEPTED),
    "decline": (Side.RECEIVER, (S.SENT,), S.DECLINED),
    "start": (Side.RECEIVER, (S.ACCEPTED,), S.IN_PROGRESS),
    "complete": (Side.RECEIVER, (S.ACCEPTED, S.IN_PROGRESS), S.COMPLETED),
    "revoke": (Side.SENDER, (S.SENT, S.ACCEPTED, S.IN_PROGRESS, S.COMPLETED), S.REVOKED),
}


def target(action: str, side: Side, current: str) -> S | None:
    """The state ``action`` leads to when ``side`` takes it from ``current``, else None."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        return None
    allowed_side, sources, goal = rule
    if side != allowed_side or current not in sources:
        return None
    return goal


def actions_for(side: Side, current: str) -> list[str]:
    """The actions ``side`` may take on a referral in state ``current``, in table order."""
    return [a for a, (s, sources, _goal) in TRANSITIONS.items() if s == side and current in sources]
