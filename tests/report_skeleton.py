"""A whole Guangdong department-overall report, section by section, for rule cases
that need the template's outline around the part they change."""

from __future__ import annotations

from collections.abc import Mapping

# Heading → its text ("" for a heading whose text is in its sub-sections).
OUTLINE_TEXTS: dict[str, str] = {
    "一、部门基本情况": "",
    "（一）部门职能": "中心承担全省测试事务。",
    "（二）年度总体工作和重点工作任务": "完成年度测试任务。",
    "（三）部门整体支出绩效目标": "保障中心正常运转。",
    "（四）部门整体支出情况": "支出情况见下文。",
    "二、绩效自评情况": "",
    "（一）自评结论": "自评等级为良好。",
    "（二）履职效能分析": "全年完成各项任务。",
    "（三）管理效率分析": "",
    "1. 预算编制": "编制合理。",
    "2. 预算执行": "执行规范。",
    "3. 信息公开": "按时公开。",
    "4. 绩效管理": "开展自评。",
    "5. 采购管理": "依法采购。",
    "6. 资产管理": "账实相符。",
    "7. 运行成本": "成本可控。",
    "（四）就部门整体支出绩效管理存在问题提出改进措施": "存在问题：执行偏慢。\n\n改进措施：加快进度。",
    "三、其他自评情况": "无其他项目。",
    "四、上年度绩效自评整改情况": "上年度问题已于2023年9月完成整改。",
}


def assemble(header: str, body: Mapping[str, str]) -> str:
    """The header lines, then each heading followed by its text."""
    parts = [header]
    for heading, text in body.items():
        parts.append(heading + "\n" + (text + "\n" if text else ""))
    return "\n".join(parts)
