"""The case list, paged fast however many cases an organisation holds.

The visible cases are the organisation's own and those a live referral shares with it. Asked as
one query ("organisation = mine OR id IN (shared)"), PostgreSQL cannot walk the index that holds
an organisation's cases in list order, so every page sorts and every count reads all of them
(a third of a second at a million cases). ``CaseListing`` asks for the two parts apart, each
through its index, and merges them:

- the count is the own part's count plus the shared part's;
- a page ``[a:b]`` takes the first ``b`` ids of each part in list order (the first ``b`` of the
  whole are among them), then lets the database order those few ids and cut ``[a:b]``, so the
  order, ties and NULLs are exactly those of the single query.

It behaves as a sequence for ``django.core.paginator.Paginator``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, overload

from palermo.cases.models import Case, CaseQuerySet

Shape = Callable[[CaseQuerySet], CaseQuerySet]
CHUNK = 500


def _unchanged(cases: CaseQuerySet) -> CaseQuerySet:
    return cases


def _ids(cases: CaseQuerySet) -> Any:
    return cases.values_list("pk", flat=True)


class CaseListing:
    """``own`` and ``shared`` are disjoint, filtered alike; ``order`` is the list's order."""

    def __init__(self, own: CaseQuerySet, shared: CaseQuerySet | None, order: tuple[str, ...],
                 shape: Shape = _unchanged) -> None:
        self.own = own.order_by(*order)
        self.shared = shared.order_by(*order) if shared is not None else None
        self.order = order
        self._shape = shape
        self._count: int | None = None

    def shaped(self, shape: Shape) -> CaseListing:
        """The same listing whose page rows are read through ``shape`` (``select_related``,
        ``defer``, ``prefetch_related``…)."""
        return CaseListing(self.own, self.shared, self.order, shape)

    def count(self) -> int:
        if self._count is None:
            self._count = sum(_ids(part).order_by().count()
                              for part in (self.own, self.shared) if part is not None)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Case]:
        """Every case, a page of ``CHUNK`` at a time (a paginator reads slices only)."""
        start = 0
        while chunk := self[start:start + CHUNK]:
            yield from chunk
            start += CHUNK

    @overload
    def __getitem__(self, index: int) -> Case: ...

    @overload
    def __getitem__(self, index: slice) -> list[Case]: ...

    def __getitem__(self, index: int | slice) -> Case | list[Case]:
        if isinstance(index, int):
            if index < 0:
                raise IndexError("a case listing takes no negative index")
            found = self[index:index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop = index.start or 0, index.stop
        if index.step not in (None, 1) or start < 0 or stop is None or stop < 0:
            raise ValueError("a case listing takes slices [a:b] with 0 <= a <= b")
        if stop <= start:
            return []
        # Ids first (narrow rows: a search's DISTINCT then sorts ids and dates, not whole
        # cases), then the page's rows by primary key.
        if self.shared is None:
            ids = list(_ids(self.own)[start:stop])
            start, stop = 0, len(ids)
        else:
            ids = [*_ids(self.own)[:stop], *_ids(self.shared)[:stop]]
        if not ids:
            return []
        rows = Case.objects.filter(pk__in=ids).order_by(*self.order)
        return list(self._shape(rows)[start:stop])
