{#-
  R5 on a value column: every non-null value must be an integer >= 0. Restrict it to count cells
  with the test's `where` config (table 二's signed `change` and amounts are not counts).
-#}
{% test non_negative_integer(model, column_name) %}

    select *
    from {{ model }}
    where {{ column_name }} is not null
        and ({{ column_name }} < 0 or {{ column_name }} <> floor({{ column_name }}))

{% endtest %}
