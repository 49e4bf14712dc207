"""Names vulture (``make deadcode``) would call dead, each with why it is not.

Vulture reads Python only. Every name below is used by something it does not see:
templates, the ORM's keyword lookups, settings strings, other libraries, the
Makefile, or the tests and benches. ``_.name`` marks ``name`` as used.
"""

_ = object()

# Model columns: written through the ORM (create(), update(), keyword lookups) and
# read by templates, the admin, exports, the API or the backup, never as attributes.
_.venue  # Conference: the programme's header, exports, the API
_.city  # Conference: the programme's header, exports, the API
_.website  # Conference: the desk's form, the conference page
_.livestream_url  # Room: the room's line on the timetable, the API
_.is_recorded  # Room: the desk's room list, the API
_.equipment  # Room: the desk's form (a ModelForm field)
_.submission_type  # Contribution: chosen on the proposal form, shown to reviewers
_.introduction  # CallForProposals: the call's page (cfp/call.html)
_.invited_by  # Invitation: who invited whom, kept for the record (create(invited_by=))
_.last_error  # OutboxMail: the outbox page shows why a mail failed
_.claimed_at  # OutboxMail: tasks.recover finds mails left sending (a Q lookup)
_.sent_at  # OutboxMail: written on delivery, shown in the admin's list
_.last_used  # ApiToken: written on use, shown on "Your page"
_.released_by  # Release: who released it, kept for the record (create(released_by=))
_.requested_by  # SolveRun: who asked for the solve (create(requested_by=))
_.finished  # SolveRun: written when a run ends, shown on the board
_.SPEAKER  # Authorship.Role: a stored choice, set in the admin

# Read by templates only.
_.is_scheduled  # Contribution: contribution and track pages
_.mc_end  # search results: the MC's end time (programme/search.html)
_.too_small  # board: a room too small for its session (scheduling/board.html)
_.ticked  # board: the availability form's ticked days
_.end_after  # changelog: a moved session's new end (scheduling/changelog.html)
_.end_before  # changelog: its old end
_.rowspan  # timetable: a session's cell spans its rows
_.colour  # timetable grid: a track's colour
_.legend  # timetable grid: the tracks' colour key
_.width  # clash picture: the SVG's width
_.shade  # clash picture: a clash's shade
_.label_x  # clash picture: where a session's label goes
_.label_y
_.stroke  # clash picture: a clash's line width
_.lanes  # clash picture: the rooms of a panel
_.ticks  # clash picture: the hour marks
_.is_running  # worker heartbeat: the "worker is running" line of the board
_.last_seen  # worker heartbeat: when the worker was last seen
_.start_command  # worker heartbeat: the command the page tells to run
_.afresh  # board: the solve form's "start afresh" box (cleaned_data["afresh"])
_.confirmed  # a decision's second ask (cleaned_data["confirmed"])
_.mean  # review dashboard: a criterion's mean

# Read by name from settings.py or by another library.
_.EmailBackend  # EMAIL_BACKEND = "microconf.notifications.mailfiles.EmailBackend"
_.SignupForm  # allauth: ACCOUNT_SIGNUP_FORM_CLASS
_.signup  # allauth calls SignupForm.signup(request, user)
_.login_attempt_username  # django-axes: AXES_USERNAME_CALLABLE
_.client_ip  # django-axes: AXES_CLIENT_IP_CALLABLE
_.disabled  # a Django form field's flag: the desk's slug is not editable
_.mtime  # tarfile.TarInfo: the backup archive's member times
_.usage  # argparse: the schedule command's parser
_.formatter_class  # argparse: the schedule command's parser
_.Input  # django-ninja: a paginator's query parameters, read by that name
_.site_header  # Django admin: its title
_.site_title
_.max_time_in_seconds  # OR-Tools CP-SAT solver parameters
_.num_workers
_.random_seed
_.best_bound_callback  # OR-Tools: reports the bound as CP-SAT proves it
_.MAX_IMAGE_PIXELS  # Pillow: its decompression-bomb limit, set from IMAGE_MAX_PIXELS

# Called from outside src/: the Makefile, the benches and the tests.
_.warm  # Makefile's install: compiles the annealing kernels once
_.generate  # synthetic solver instances: bench/scheduler.py and the solver's tests
_.scale_demo  # the demo grown to 300 sessions: bench/web.py, query-count tests
_.build_large  # the FOSDEM-sized conference: bench/web.py, the large timetable's tests
_.grid_css  # writes static/microconf/timetable-grid.css; a test keeps them equal
_.codes  # an import report's assumption codes: the importer's tests
_.best_sets  # the slot relaxation's exact pricing: the solver's tests
_._price  # the pricing per window: bench/grouped.py's bound per grouping

# The bound's report (sessions used, whether the relaxation was solved to the end):
# read by nothing yet; bound.py is being reworked by issue 23 this session.
_.sessions_used
_.relaxation_optimal
_.budget_used  # solve's progress: the share of the time limit used
