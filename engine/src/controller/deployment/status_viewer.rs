//! `kubectl rollout status` for Deployments, as a pure function of the object
//! (`staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go`
//! `DeploymentStatusViewer.Status`). kubectl calls it on every ADDED/MODIFIED watch event
//! and prints `message` as-is (it ends with `\n`) until `done`; an `Err` is printed as
//! `error: <text>` with exit code 1.

use super::util;
use crate::api::Deployment;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RolloutStatus {
    /// The line kubectl prints, newline included.
    pub message: String,
    /// Whether the rollout finished (kubectl stops watching).
    pub done: bool,
}

/// `DeploymentStatusViewer.Status(obj, revision)`: `revision` is `--revision` (0 = any).
pub fn deployment_status(d: &Deployment, revision: i64) -> Result<RolloutStatus, String> {
    let name = &d.metadata.name;
    if revision > 0 {
        let running = match d.metadata.annotations.get(util::REVISION) {
            None => 0,
            Some(v) => v.parse::<i64>().map_err(|_| {
                format!(
                    "cannot get the revision of deployment \"{name}\": strconv.ParseInt: parsing \"{v}\": invalid syntax"
                )
            })?,
        };
        if revision != running {
            return Err(format!(
                "desired revision ({revision}) is different from the running revision ({running})"
            ));
        }
    }
    let waiting = |message: String| {
        Ok(RolloutStatus {
            message,
            done: false,
        })
    };
    if d.metadata.generation > d.status.observed_generation {
        return waiting("Waiting for deployment spec update to be observed...\n".into());
    }
    let s = &d.status;
    let timed_out =
        util::condition(s, util::PROGRESSING).is_some_and(|c| c.reason == util::TIMED_OUT_REASON);
    if timed_out {
        return Err(format!(
            "deployment \"{name}\" exceeded its progress deadline"
        ));
    }
    let prefix = format!("Waiting for deployment \"{name}\" rollout to finish:");
    if let Some(want) = d.spec.replicas.filter(|w| s.updated_replicas < *w) {
        return waiting(format!(
            "{prefix} {} out of {want} new replicas have been updated...\n",
            s.updated_replicas
        ));
    }
    if s.replicas > s.updated_replicas {
        return waiting(format!(
            "{prefix} {} old replicas are pending termination...\n",
            s.replicas - s.updated_replicas
        ));
    }
    if s.available_replicas < s.updated_replicas {
        return waiting(format!(
            "{prefix} {} of {} updated replicas are available...\n",
            s.available_replicas, s.updated_replicas
        ));
    }
    Ok(RolloutStatus {
        message: format!("deployment \"{name}\" successfully rolled out\n"),
        done: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::apps::DeploymentCondition;
    use serde_json::Value;

    #[test]
    fn rollout_status_rows() {
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/cases/rollout_status_cases.json"
        ));
        let cases: Value = serde_json::from_str(text).expect("cases parse");
        let rows = cases["cases"].as_array().expect("cases");
        assert_eq!(rows.len(), 12);
        for r in rows {
            let mut d = Deployment::default();
            d.metadata.name = r["deploymentName"].as_str().unwrap_or("").into();
            d.metadata.generation = r["generation"].as_i64().unwrap_or(0);
            d.spec.replicas = r["specReplicas"].as_i64().map(|n| n as i32);
            let st = &r["status"];
            let n = |k: &str| st[k].as_i64().unwrap_or(0) as i32;
            d.status.observed_generation = st["observedGeneration"].as_i64().unwrap_or(0);
            d.status.replicas = n("replicas");
            d.status.updated_replicas = n("updatedReplicas");
            d.status.available_replicas = n("availableReplicas");
            d.status.unavailable_replicas = n("unavailableReplicas");
            if let Some(rev) = r["deploymentRevisionAnnotation"].as_i64() {
                d.metadata
                    .annotations
                    .insert(util::REVISION.into(), rev.to_string());
            }
            if let Some(reason) = r["progressingConditionReason"].as_str() {
                d.status.conditions.push(DeploymentCondition {
                    type_: "Progressing".into(),
                    status: "False".into(),
                    reason: reason.into(),
                    ..Default::default()
                });
            }
            let got = deployment_status(&d, r["revisionFlag"].as_i64().unwrap_or(0));
            match r["expectedError"].as_str() {
                Some(e) => assert_eq!(got, Err(e.to_string()), "{}", r["name"]),
                None => {
                    let want = RolloutStatus {
                        message: r["expectedMessage"].as_str().unwrap_or("").into(),
                        done: r["expectedDone"].as_bool().unwrap_or(false),
                    };
                    assert_eq!(got, Ok(want), "{}", r["name"]);
                }
            }
        }
    }
}
