import pytest

from hisops.catalog.selectors import item_impact

from ..factories import DepartmentFactory, ItemFactory, RelationFactory

pytestmark = pytest.mark.django_db


def codes(impact):
    return {a.item.code for a in impact.affected}


def test_impact_follows_children_dependencies_and_interfaces_transitively(it_admin, hospital):
    ward = DepartmentFactory(hospital=hospital, name="住院部")
    lab = DepartmentFactory(hospital=hospital, name="检验科")
    db = ItemFactory(hospital=hospital, code="DB", kind="database")
    his = ItemFactory(hospital=hospital, code="HIS")
    lis = ItemFactory(hospital=hospital, code="LIS")
    nurse = ItemFactory(hospital=hospital, code="NURSE", kind="module", parent=his)
    nurse.departments.add(ward)
    lis.departments.add(lab)
    RelationFactory(source=his, target=db, kind="depends_on")
    iface = ItemFactory(hospital=hospital, code="IF", kind="interface", source=his, target=lis)
    unrelated = ItemFactory(hospital=hospital, code="OTHER")

    impact = item_impact(user=it_admin, item=db)

    assert codes(impact) == {"HIS", "NURSE", "IF"}
    depth = {a.item.code: a.depth for a in impact.affected}
    assert depth == {"HIS": 1, "NURSE": 2, "IF": 2}
    assert [d.name for d in impact.departments] == ["住院部"]
    assert unrelated.code not in codes(impact)
    assert iface.pk in {a.item.pk for a in impact.affected}


def test_impact_terminates_on_a_cycle_and_never_lists_the_item_itself(it_admin, hospital):
    a = ItemFactory(hospital=hospital, code="A")
    b = ItemFactory(hospital=hospital, code="B")
    c = ItemFactory(hospital=hospital, code="C")
    RelationFactory(source=a, target=b, kind="depends_on")
    RelationFactory(source=b, target=c, kind="depends_on")
    RelationFactory(source=c, target=a, kind="depends_on")
    RelationFactory(source=a, target=c, kind="exchanges_data")

    assert codes(item_impact(user=it_admin, item=a)) == {"B", "C"}
    assert codes(item_impact(user=it_admin, item=b)) == {"A", "C"}


def test_exchanges_data_works_both_ways(it_admin, hospital):
    a = ItemFactory(hospital=hospital, code="A")
    b = ItemFactory(hospital=hospital, code="B")
    RelationFactory(source=a, target=b, kind="exchanges_data")
    assert codes(item_impact(user=it_admin, item=a)) == {"B"}
    assert codes(item_impact(user=it_admin, item=b)) == {"A"}


def test_impact_query_count_does_not_grow_with_the_number_of_affected_items(it_admin, hospital):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(width):
        root = ItemFactory(hospital=hospital)
        for _ in range(width):
            child = ItemFactory(hospital=hospital, parent=root, kind="module")
            RelationFactory(source=ItemFactory(hospital=hospital), target=child)
        with CaptureQueriesContext(connection) as ctx:
            impact = item_impact(user=it_admin, item=root)
        assert len(impact.affected) == 2 * width
        return len(ctx.captured_queries)

    assert queries_for(3) == queries_for(40)
