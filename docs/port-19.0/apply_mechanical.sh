#!/usr/bin/env bash
# The mechanical part of the joint_meeting 18.0 -> 19.0 port (recipe: /work/notes/port19.md).
# Run at the root of a worktree of the add-on; idempotent; review `git diff` afterwards.
# Every rewrite here was checked against the 19.0 source (see port19.md for where).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ -f __manifest__.py ] || { echo "run at the add-on's root" >&2; exit 1; }
files() { git ls-files -- "$@" | grep -v '^i18n/' || true; }

# 1. manifest: the series prefix (an 18.0 version is "not installable" on 19.0, exit 0, only a warning)
sed -i -E 's/("version": ")18\.0\./\119.0./' __manifest__.py

# 2. groups_id -> group_ids on res.users, ir.ui.menu, ir.ui.view, ir.actions.*, ir.actions.report
#    (all renamed in 19.0), in code, data, demo, tests, bench.
files '*.py' '*.xml' '*.js' '*.csv' | xargs -r sed -i 's/\bgroups_id\b/group_ids/g'

# 3. res.groups: users -> user_ids (XML field), category_id -> privilege_id
sed -i 's/<field name="users" eval=/<field name="user_ids" eval=/' security/*.xml
sed -i 's/<field name="category_id" ref="module_category_joint_meeting"\/>/<field name="privilege_id" ref="res_groups_privilege_joint_meeting"\/>/' security/joint_meeting_security.xml

# 4. search views: <group> takes neither expand nor string in 19.0 (search_view.rng / common.rng)
files 'views/*.xml' 'wizards/*.xml' | xargs -r sed -i -E 's/<group expand="[01]" string="[^"]*">/<group>/'

# 5. act_window target "inline" no longer exists (settings actions use the default, current)
files '*.xml' | xargs -r sed -i '/<field name="target">inline<\/field>/d'

# 6. _sql_constraints -> models.Constraint (same database names: <table>_<name>)
files 'models/*.py' 'wizards/*.py' | xargs -r grep -l '_sql_constraints =' | xargs -r python3 "$here/sql_constraints_to_19.py"

# 7. wkhtmltopdf binary: _get_wkhtmltopdf_bin() -> _wkhtml().bin
files '*.py' | xargs -r sed -i \
  -e 's/import _get_wkhtmltopdf_bin/import _wkhtml/' \
  -e 's/_get_wkhtmltopdf_bin()/_wkhtml().bin/g'

# 8. QWebException -> QWebError (odoo/addons/base/models/ir_qweb.py)
files '*.py' | xargs -r sed -i 's/\bQWebException\b/QWebError/g'

# 9. tours: stepUtils moved to @web_tour/tour_utils
files 'static/*.js' | xargs -r sed -i 's#@web_tour/tour_service/tour_utils#@web_tour/tour_utils#'

# 10. pylint-odoo: the manifest's series
[ -f .pylintrc ] && sed -i 's/^valid-odoo-versions=18.0$/valid-odoo-versions=19.0/' .pylintrc

ruff=${RUFF:-$HOME/.cache/joint_meeting/venv/bin/ruff}
"$ruff" format . >/dev/null && "$ruff" check --fix . || true
echo "mechanical rewrites done; now the manual steps of port19.md (section 3)"
