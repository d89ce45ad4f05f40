-- Which budget lines do not equal the sum of their children (项 -> 款 -> 类 -> 合计), per column?
select *
from intermediate.int_budget_line_children
where printed <> children_sum
order by table_name, code, amount_column
