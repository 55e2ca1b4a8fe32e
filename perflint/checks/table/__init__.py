"""PF4xx: the self-evaluation table (项目支出绩效自评表) — funds rows, execution rate and
its score, indicator points and scores, 总分 and grade, blank cells and placeholder rows.

The rules read ``ctx.tables`` (perflint.selfeval), found in any table block whatever
the template; a table's form (national, Sichuan, Chongqing …) sets its weights and may
turn a check off.
"""
