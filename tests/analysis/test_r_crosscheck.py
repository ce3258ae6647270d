"""The unpenalised fit against R's survival::clogit (Debian's r-cran-survival, installed by
scripts/test-deps), on the case-crossover rows the analysis exports for a simulated diary from
the independent world. With one episode per hour, clogit's Breslow likelihood is exactly our
conditional Poisson likelihood, so coefficients and standard errors must agree to 1e-6."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tests.analysis.validity import BY_ID, diary_of
from tests.analysis.world import simulate
from twitchwise.analysis import clr
from twitchwise.analysis.design import Design
from twitchwise.analysis.export import case_crossover_rows

RSCRIPT = shutil.which("Rscript")
R_FIT = """
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
fit <- clogit(episodes ~ exposed + asleep + factor(clock_hour) + strata(stratum), data = d,
              method = "breslow", control = coxph.control(eps = 1e-12, iter.max = 50))
cat(sprintf("%.12f %.12f\\n", coef(fit)[["exposed"]], sqrt(diag(vcov(fit)))[1]))
"""


def ours(rows: str) -> tuple[float, float]:
    table = list(csv.DictReader(io.StringIO(rows)))
    y = np.array([float(r["episodes"]) for r in table])
    X = np.array([[float(r["exposed"]), float(r["asleep"])] for r in table])
    design = Design.build(
        y,
        X,
        [int(r["stratum"]) for r in table],
        level=[int(r["clock_hour"]) for r in table],
    )
    mask = design.estimable()
    result = clr.fit(design.subset(mask), firth=False)
    return float(result.beta[0]), float(result.se[0])


@pytest.mark.skipif(
    RSCRIPT is None,
    reason="Rscript is absent: scripts/test-deps installs Debian's r-base-core r-cran-survival",
)
@pytest.mark.parametrize("candidate", ["caffeine_6h", "short_sleep"])
def test_the_exported_rows_fitted_in_r_give_our_unpenalised_fit(
    candidate: str, tmp_path: Path
) -> None:
    diary = diary_of(simulate("caffeine_200", 365, 4))
    rows = case_crossover_rows(diary, BY_ID[candidate])
    table = list(csv.DictReader(io.StringIO(rows)))
    assert max(int(r["episodes"]) for r in table) == 1  # one episode per hour: Breslow is exact
    assert sum(int(r["exposed"]) for r in table) > 50
    path = tmp_path / "rows.csv"
    path.write_text(rows)
    script = tmp_path / "fit.R"
    script.write_text(R_FIT)
    answer = subprocess.run(
        [str(RSCRIPT), str(script), str(path)], capture_output=True, text=True, check=True
    )
    beta_r, se_r = (float(x) for x in answer.stdout.split())
    beta, se = ours(rows)
    assert beta == pytest.approx(beta_r, rel=1e-6, abs=1e-9)
    assert se == pytest.approx(se_r, rel=1e-6)
