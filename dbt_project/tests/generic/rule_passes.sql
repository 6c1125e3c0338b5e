{#-
  A reconciliation rule (R1-R5) as a dbt test on fct_rule_results: the failing rows are the rule
  results of `rule_id` whose outcome is 'failed'. Configure it with severity: warn and
  store_failures: true: a report that does not add up is data, not a broken build.
-#}
{% test rule_passes(model, rule_id) %}

    select *
    from {{ model }}
    where rule_id = '{{ rule_id }}'
        and outcome = 'failed'

{% endtest %}
