{#- Every row (matching `where`) satisfies `expression`; an arithmetic identity, for example. -#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not ({{ expression }})
{% endtest %}
