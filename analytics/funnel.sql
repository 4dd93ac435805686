-- funnel: how many applications reached each stage group, the conversion from one group to the next and the
-- median days spent in each, for all applications and per job, department and source.
--
-- Steps are the organisation's stage groups in their order (interview_stage_groups."order"), leaving out the
-- Archived group: archiving ends a consideration at any step, it is not a step of its own. An application reached
-- a step when it entered that group or a later one (so the first step counts every application, the cohort), and
-- the conversion of a step is its count over the previous step's. The days in a step are the days an application
-- spent in that group's stages, counted once it has left the group; the median is over those applications.
--
-- cohort = 'completed' counts only completed considerations (hired or archived). Ashby's own funnel guidance
-- says a funnel is accurate only over considerations that have finished their process, since how far an open one
-- will go is not known yet: https://docs.ashbyhq.com/understanding-funnel-metrics
-- cohort = 'all' includes open applications too (what the pipeline looks like today).
--
-- breakdown is 'all' (every application), 'job', 'department' (the job's) or 'source' (the application's), with
-- breakdown_id and breakdown_name naming the job, department or source ('(none)' when there is none).
--
-- DuckDB SQL over the model analytics.application_stages and the stream tables; analytics/README.md says what
-- changes on other warehouses and in dbt.
-- streams: applications, jobs, departments, sources, interview_stage_groups
with considerations as (
    select
        applications.id                                        as application_id,
        applications.status in ('Hired', 'Archived')           as is_completed,
        applications.job ->> '$.id'                            as job_id,
        coalesce(jobs.title, applications.job ->> '$.title')   as job_title,
        departments.id                                         as department_id,
        departments.name                                       as department_name,
        applications.source ->> '$.id'                         as source_id,
        coalesce(sources.title, applications.source ->> '$.title') as source_title
    from applications
    left join jobs on jobs.id = (applications.job ->> '$.id')
    left join departments on departments.id = coalesce(jobs.departmentId, applications.job ->> '$.departmentId')
    left join sources on sources.id = (applications.source ->> '$.id')
),

cohorts as (
    select 'completed' as cohort, * from considerations where is_completed
    union all
    select 'all' as cohort, * from considerations
),

steps as (
    select id as stage_group_id, title as stage_group_title, stageType as stage_group_type, "order" as stage_group_order
    from interview_stage_groups
    where stageType is distinct from 'Archived'
),

furthest_step as (
    select application_id, max(stage_group_order) as stage_group_order
    from analytics.application_stages
    where stage_group_type is distinct from 'Archived'
    group by application_id
),

days_in_step as (
    select application_id, stage_group_id, sum(days_in_stage) as days
    from analytics.application_stages
    group by application_id, stage_group_id
    having count(*) filter (where is_current_stage) = 0
),

reached as (
    select cohorts.*, steps.*, days_in_step.days
    from cohorts
    join furthest_step on furthest_step.application_id = cohorts.application_id
    join steps on steps.stage_group_order <= furthest_step.stage_group_order
    left join days_in_step
        on days_in_step.application_id = cohorts.application_id
        and days_in_step.stage_group_id = steps.stage_group_id
),

counted as (
    select
        cohort,
        case
            when grouping(job_id) = 0 then 'job'
            when grouping(department_id) = 0 then 'department'
            when grouping(source_id) = 0 then 'source'
            else 'all'
        end                                     as breakdown,
        case
            when grouping(job_id) = 0 then job_id
            when grouping(department_id) = 0 then department_id
            when grouping(source_id) = 0 then source_id
        end                                     as breakdown_id,
        case
            when grouping(job_id) = 0 then coalesce(job_title, '(none)')
            when grouping(department_id) = 0 then coalesce(department_name, '(none)')
            when grouping(source_id) = 0 then coalesce(source_title, '(none)')
            else 'All applications'
        end                                     as breakdown_name,
        stage_group_order,
        stage_group_id,
        stage_group_title,
        stage_group_type,
        count(*)                                as applications_reached,
        median(days)                            as median_days_in_stage,
        count(days)                             as applications_timed
    from reached
    group by grouping sets (
        (cohort, stage_group_order, stage_group_id, stage_group_title, stage_group_type),
        (cohort, stage_group_order, stage_group_id, stage_group_title, stage_group_type, job_id, job_title),
        (cohort, stage_group_order, stage_group_id, stage_group_title, stage_group_type, department_id, department_name),
        (cohort, stage_group_order, stage_group_id, stage_group_title, stage_group_type, source_id, source_title)
    )
)

-- A step nobody reached has no row; every breakdown's steps start at the first step.
select
    cohort,
    breakdown,
    breakdown_id,
    breakdown_name,
    stage_group_order,
    stage_group_id,
    stage_group_title,
    stage_group_type,
    applications_reached,
    applications_reached / lag(applications_reached) over (
        partition by cohort, breakdown, breakdown_id order by stage_group_order
    )::double                                   as conversion_from_previous,
    median_days_in_stage,
    applications_timed
from counted
