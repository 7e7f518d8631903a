"""The schema of every file under data/: pydantic models, nothing else.

No file access and no MkDocs import here; store.py reads the files and checks the
references between them.
"""

from __future__ import annotations

import math
import re
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    computed_field,
    model_validator,
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
"""An id: lowercase ASCII words joined by hyphens (pinyin for names from the sources)."""
_SLUG = TypeAdapter(Slug)


def is_slug(value: object) -> bool:
    """Whether `value` is a valid id, by the model's own rule (pydantic's pattern: `$` is the very end)."""
    try:
        _SLUG.validate_python(value, strict=True)
    except ValidationError:
        return False
    return True

MeasureKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")]
"""A comparable measure such as `grid.level3.count`."""

_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _real_partial_date(value: object) -> object:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a day, month or year that exists (2020-13-45 does not)."""
    if isinstance(value, date):  # a loader that builds dates: the text it was
        return value.isoformat()
    if isinstance(value, str) and _PARTIAL_DATE.fullmatch(value):
        year, month, day = (int(x) for x in (value + "-01-01").split("-")[:3])
        try:
            date(year, month, day)
        except ValueError:
            raise ValueError(f"不是有效的日期: {value}（年、月、日要真实存在）") from None
        return value
    raise ValueError(f"日期格式不对: {value!r}，应写作 YYYY、YYYY-MM 或 YYYY-MM-DD")


PartialDate = Annotated[str, BeforeValidator(_real_partial_date)]
"""YYYY, YYYY-MM or YYYY-MM-DD: the sources rarely give more than a year."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


LARGEST_FIGURE = 10**15  # far above any figure a report prints; a longer number is a typing slip


def _require_number(value: object) -> object:
    """Only a finite YAML number of a sane size is a figure: `三百`, `"300"`, `true`, `.nan`, `.inf` or a
    400-digit number are refused, not converted (they would break tables, charts and the XLSX writer)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("必须是数字（按原文数字填写，如 300 或 1.5）")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"必须是有限的数字，不能是 {value}")
    if abs(value) >= LARGEST_FIGURE:
        raise ValueError("数字过大（超过 10 的 15 次方），请核对位数")
    return value


Number = Annotated[int | float, BeforeValidator(_require_number)]


class Model(BaseModel):
    """Base of every data model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def model_post_init(self, context: object, /) -> None:
        # Pydantic keeps, in each instance, the set of fields its input gave: at 5,000 practices some 86,000 sets,
        # 38 MB, nearly a third of the store, in every process that holds it. Instances are frozen, so the
        # few distinct sets can be shared (pickle keeps the sharing); model_copy copies the set before changing it.
        fields = self.__pydantic_fields_set__
        object.__setattr__(self, "__pydantic_fields_set__", _SHARED_FIELD_SETS.setdefault(frozenset(fields), fields))


_SHARED_FIELD_SETS: dict[frozenset[str], set[str]] = {}


class Qualifier(StrEnum):
    """How exact a reported figure is, with the source's own word as value."""

    EXACT = "exact"
    MORE_THAN = "余"  # 3760余名, 30余万元, 5万余份
    MORE = "多"  # 70多套, 50多万元, 1个多月
    NEARLY = "近"  # 近3000人
    ABOUT = "约"  # 约1.5万平方米
    ON_THE_ORDER = "上"  # 上百户, 上万人次: a round number reached, about
    UNDER = "不足"  # 不足两米
    AT_LEAST = "以上"  # 95%以上
    WITHIN = "内"  # 一个月内


class Bound(StrEnum):
    """What a qualified figure means for a machine: the number plus this bound (downloads, comparisons)."""

    EXACT = "exact"
    MORE_THAN = "more than"
    AT_LEAST = "at least"
    ABOUT = "about"
    UNDER = "under"
    WITHIN = "within"


BOUNDS = {
    Qualifier.EXACT: Bound.EXACT, Qualifier.MORE_THAN: Bound.MORE_THAN, Qualifier.MORE: Bound.MORE_THAN,
    Qualifier.NEARLY: Bound.UNDER, Qualifier.ABOUT: Bound.ABOUT, Qualifier.ON_THE_ORDER: Bound.ABOUT,
    Qualifier.UNDER: Bound.UNDER, Qualifier.AT_LEAST: Bound.AT_LEAST, Qualifier.WITHIN: Bound.WITHIN,
}
BEFORE_NUMBER = frozenset({Qualifier.NEARLY, Qualifier.ABOUT, Qualifier.ON_THE_ORDER, Qualifier.UNDER})  # 近3000人, 不足两米
AFTER_UNIT = frozenset({Qualifier.AT_LEAST, Qualifier.WITHIN})  # 95%以上, 一个月内
# 余 and 多 stand after the number (3760余名, 30余万元) or after the first part of the unit (5万余份, 1个多月): qualifier_after


class Target(StrEnum):
    """Whom or what a practice works on: the 找做法 page filters by it."""

    COMPOUND = "楼院"
    COMMUNITY = "社区"
    GRID = "网格"
    MEMBER = "党员"
    CADRE = "干部"
    PARTY_ORG = "党组织"
    ENTERPRISE = "企业"
    PROJECT = "工程项目"
    RESIDENTS = "群众"


class PlaceLevel(StrEnum):
    PROVINCE = "省"
    CITY = "市"
    COUNTY = "区县"
    SUBDISTRICT = "街道"
    COMMUNITY = "社区"
    COMPOUND = "楼院"


class Source(Model):
    """One newspaper report: the only evidence the site has."""

    id: Slug
    title: Text
    subtitle: str | None = None
    outlet: str | None = Field(None, description="报纸名称；原文未注明时留空")
    reporters: list[Text]
    correspondents: list[Text] = []
    date: PartialDate | None = None
    year: int | None = Field(None, ge=1949, le=2100, description="报道的大致年份（原文未印日期时按 date_note 的推断），供按时间筛选")
    date_note: Text = Field(description="报道时间及其依据，例如“约2019年3月（据文中日期推断）”")
    places: list[Slug] = Field(min_length=1)
    file: Text = Field(description="shared/sources/ 中的原始文本文件名")
    sections: list[Text] = Field(min_length=1, description="原文小标题；指标的 locator 必须是其中之一")


class Metric(Model):
    """One reported figure, exactly as printed, with where it was printed."""

    id: Slug
    label: Text
    value: Number
    unit: str = ""
    qualifier: Qualifier = Qualifier.EXACT
    qualifier_after: str | None = Field(
        None, description="“余”“多”写在单位的哪一部分之后：5万余份 写 万，1个多月 写 个；留空表示紧跟数字（30余万元）")
    numeral: str | None = Field(None, description="报道用汉字写的数：不足两米 写 两，上百户 写 百；value 仍填阿拉伯数字")
    as_of: PartialDate | None = Field(None, description="留空表示“截至报道时”")
    cumulative: bool = False
    measure: MeasureKey | None = None
    source: Slug
    locator: Text
    note: str | None = None

    @computed_field  # in knowledge-base.json beside the qualifier: the figure's meaning for a machine
    @property
    def bound(self) -> Bound:
        return BOUNDS[self.qualifier]

    @model_validator(mode="after")
    def _qualifier_after_fits(self) -> Metric:
        if self.qualifier_after is not None:
            if self.qualifier not in (Qualifier.MORE_THAN, Qualifier.MORE):
                raise ValueError(f"qualifier_after 只用于“余”“多”，这里的限定词是 {self.qualifier.value}")
            if not self.unit.startswith(self.qualifier_after) or self.qualifier_after == self.unit:
                raise ValueError(f"qualifier_after 必须是单位“{self.unit}”开头的一部分（如 万、个），现为“{self.qualifier_after}”")
        return self


class Place(Model):
    id: Slug
    name: Text
    level: PlaceLevel
    parent: Slug | None = None
    note: str | None = None
    metrics: list[Metric] = Field([], description="描述这个地区本身（而非某项做法）的数字，如辖区面积、经济总量")


class Measure(Model):
    """A comparable quantity (下沉干部人数): metrics that carry its key can be put side by side."""

    id: MeasureKey
    name: Text
    unit: str = Field(description="所有带这个 measure 的指标都必须用这个单位")
    description: str | None = None


class Synonym(Model):
    """Words readers use (say) for what the pages call otherwise (means): 摆摊 → 占道经营. Search and 找做法
    look for the page's words too when a query holds a reader's word."""

    say: list[Text] = Field(min_length=1, description="读者的说法，如 摆摊、乱摆摊")
    means: list[Text] = Field(min_length=1, description="页面和数据中的说法，如 占道经营")


class Concern(Model):
    """A problem as cadres put it (小区没人管), with the practices that answer it: the home page's way in."""

    id: Slug
    name: Text = Field(description="读者的说法，如 小区没人管")
    hint: Text = Field(description="一句话说明这个问题的样子")
    practices: list[Slug] = Field(min_length=1, description="回应这个问题的做法（至少一个）")


class Theme(Model):
    id: Slug
    name: Text
    description: Text


class Term(Model):
    """A slogan or term a reader may need explained."""

    id: Slug
    term: Text
    aliases: list[Text] = []
    definition: Text
    sources: list[Slug] = []


class Period(Model):
    start: PartialDate | None = None
    end: PartialDate | None = None
    note: str | None = None


class Actor(Model):
    who: Text
    does: Text


class Glance(Model):
    """一眼看懂: what a busy reader needs before scrolling, in the editor's own short words."""

    steps: list[Text] = Field(min_length=1, max_length=3, description="怎么做：至多三步，每步一句")
    fits: Text = Field(description="适合：一句")
    not_fits: Text = Field(description="不太适合：一句（编者的判断）")
    headline: list[Slug] = Field([], max_length=2, description="主要成效：本做法 metrics 中一两个数字的 id；报道没有成效数字时留空")
    inputs: list[Slug] = Field([], max_length=3, description="需要投入：报道写明的人力、资金或时间（metrics 的 id）；没写就留空")


class Component(Model):
    """One part of a numbered slogan (五步工作法 = 一抓 二学 …) with its meaning."""

    order: int = Field(ge=1)
    name: Text
    meaning: Text
    items: list[Text] = []


class Derived(Model):
    """A rate computed from two stored metrics: never typed in."""

    id: Slug
    label: Text
    numerator: Slug
    denominator: Slug
    digits: int = Field(1, ge=0, le=3)
    printed: str | None = Field(None, description="报道中印出的数值（若与计算值不同）")
    note: str | None = None


class Practice(Model):
    id: Slug
    name: Text
    aliases: list[Text] = []
    keywords: list[Text] = Field([], description="读者会用的说法，进入搜索词典")
    summary: Text
    place: Slug
    also_at: list[Slug] = Field([], description="报道中同一做法也在这些地区推行（如同一篇报道里的两个街道）")
    period: Period
    themes: list[Slug] = Field(min_length=1)
    targets: list[Target] = Field([], description="作用对象：楼院、社区、网格、党员、干部、党组织、企业、工程项目、群众")
    sources: list[Slug] = Field(min_length=1)
    problem: Text
    glance: Glance
    actors: list[Actor] = []
    components: list[Component] = []
    related: list[Slug] = []
    metrics: list[Metric] = []
    derived: list[Derived] = []
    checked: PartialDate | None = Field(
        None, description="编辑把正文和数据逐句对照报道核对完的日期（YYYY-MM-DD）；改了正文或数据而没有重新核对时留空或不动"
    )

    @model_validator(mode="after")
    def _components_numbered_in_order(self) -> Practice:
        orders = [c.order for c in self.components]
        if orders != list(range(1, len(orders) + 1)):
            raise ValueError(f"components 的 order 必须从 1 起连续编号，现为 {orders}")
        return self


class Activity(StrEnum):
    """How a course session is taught."""

    LECTURE = "讲授"
    CASE_STUDY = "案例研讨"
    GROUP_DISCUSSION = "小组讨论"
    SIMULATION = "情景模拟"
    FIELD_VISIT = "现场教学"
    SUMMARY = "总结"


class Session(Model):
    """One block of a course: what is done, for how long, with which practices and questions."""

    title: Text
    minutes: int = Field(ge=5, le=480)
    activity: Activity
    practices: list[Slug] = []
    questions: list[Text] = []
    notes: str | None = None


class Course(Model):
    """A course plan (课程方案) for trainers, built from the practices."""

    id: Slug
    title: Text
    audience: list[Text] = Field(min_length=1, description="培训对象，如 社区党组织书记")
    objectives: list[Text] = Field(min_length=1, description="学习目标")
    sessions: list[Session] = Field(min_length=1)
    compare: list[Slug] = Field([], description="课程最后对比的做法（2—4 项）")
    measures: list[MeasureKey] = Field([], description="在对比部分以条形图显示的可比较数字（data/measures.yaml）")
