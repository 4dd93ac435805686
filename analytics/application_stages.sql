-- application_stages: one row per application and interview stage it entered, from Ashby's stage history
-- (application.listHistory), labelled from the stage's interview plan: the stage's title, type and order in its
-- plan, the stage group it rolls up to, when it was entered and left, the days spent in it, and whether the
-- application is still there.
--
-- DuckDB SQL over the stream tables as an Airbyte destination writes them (one column per top-level field, nested
-- objects as JSON); analytics/README.md says what changes on other warehouses and in dbt.
-- streams: application_history, interview_stages, interview_stage_groups, applications
select
    history.id                                         as application_history_id,
    history.applicationId                              as application_id,
    applications.job ->> '$.id'                        as job_id,
    applications.status                                as application_status,
    history.stageNumber                                as stage_number,
    history.stageId                                    as stage_id,
    -- The plan's current title; the history row's own title if the stage is not in interview_stages.
    coalesce(stages.title, history.title)              as stage_title,
    stages.type                                        as stage_type,
    stages.orderInInterviewPlan                        as stage_order_in_plan,
    stages.interviewPlanId                             as interview_plan_id,
    stages.interviewStageGroupId                       as stage_group_id,
    stage_groups.title                                 as stage_group_title,
    stage_groups.stageType                             as stage_group_type,
    stage_groups."order"                               as stage_group_order,
    history.enteredStageAt                             as entered_at,
    history.leftStageAt                                as left_at,
    -- Null while the application is still in the stage.
    (epoch(history.leftStageAt) - epoch(history.enteredStageAt)) / 86400.0 as days_in_stage,
    history.leftStageAt is null                        as is_current_stage
from application_history as history
left join interview_stages as stages on stages.id = history.stageId
left join interview_stage_groups as stage_groups on stage_groups.id = stages.interviewStageGroupId
left join applications on applications.id = history.applicationId
