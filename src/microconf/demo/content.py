"""What the demo conference is made of. Every person and sponsor here is fictional."""

FIRST_NAMES = [
    "Ada", "Bram", "Cleo", "Dario", "Edda", "Fenn", "Greta", "Hugo", "Ines", "Joss",
    "Kaia", "Lars", "Mira", "Nico", "Odile", "Pavel", "Quinn", "Rhea", "Soren",
    "Tamsin",
    "Ugo", "Vera", "Wren", "Xavi", "Yara", "Zeno", "Alba", "Bodhi", "Cyra", "Dov",
    "Elin", "Faro", "Gaia", "Hale", "Isla", "Jarek", "Kenji", "Lumi", "Milo", "Nadia",
]  # fmt: skip
LAST_NAMES = [
    "Achterberg", "Brightwater", "Castellano", "Dunmore", "Eskelinen", "Falkner",
    "Gallowglass", "Hartigan", "Ilves", "Jablonski", "Kettleborough", "Lindqvist",
    "Marchetti", "Nightingale", "Okonkwo-Hale", "Pellegrino", "Quarrington", "Rautio",
    "Silverbirch", "Thornquist", "Underhill", "Valtonen", "Westerholm", "Yarrowby",
    "Zabrowski", "Ashgrove", "Bellweather", "Corrigan", "Delacroix-Finch", "Emberly",
    "Foxhallow", "Greyling", "Holloway", "Ingleby", "Juniper", "Kowalczyk", "Larkspur",
    "Merriweather", "Northcote", "Oakenfold",
]  # fmt: skip
AFFILIATIONS = [
    "Example Systems", "Northwind Labs", "Kestrel Computing", "Bluefin Networks",
    "Cobalt Labs", "Tidewater Compute", "Lattice Devices", "Quarry Software",
    "Pinecone Research", "Harbor Kernel Works", "University of Westmarch",
    "Eastvale Institute of Technology", "Independent", "Sable Security",
    "Ember Storage", "Aurora Silicon",
]  # fmt: skip

# (name, capacity, features, livestreamed and recorded)
ROOMS = [
    ("James River Ballroom A", 400, ["video", "hybrid"], True),
    ("James River Ballroom B", 300, ["video", "hybrid"], True),
    ("Magnolia", 150, ["video", "hybrid"], True),
    ("Dogwood", 150, ["video", "hybrid"], True),
    ("Azalea", 120, ["video"], True),
    ("Cardinal", 100, ["video"], True),
    ("Potomac", 80, ["video"], True),
    ("Shenandoah", 60, [], False),
]

# Microconferences: (name, slug, subjects their topics are about). The Rust MC comes
# first; its proposal carries the seed page's text.
MICROCONFERENCES = [
    (
        "Rust",
        "rust",
        [
            "Rust abstractions for the block layer",
            "pinned-init in practice",
            "klint: lint rules the kernel needs",
            "rustc_codegen_gcc and kernel builds",
            "Coding guidelines for unsafe blocks in drivers",
            "Rust in stable kernels",
        ],
    ),
    (
        "Real-time and Scheduling",
        "real-time-and-scheduling",
        [
            "PREEMPT_RT in mainline",
            "Deadline server for fair tasks",
            "EEVDF after the first release",
            "Latency tracing with rtla",
            "Proxy execution",
            "Scheduler domains on hybrid CPUs",
        ],
    ),
    (
        "Containers and Checkpoint/Restore",
        "containers-and-checkpoint-restore",
        [
            "Mount API for container runtimes",
            "Checkpointing GPU state",
            "User namespaces and file systems",
            "Seccomp notifier at scale",
            "pidfd everywhere",
            "Rootless containers and cgroup delegation",
        ],
    ),
    (
        "Kernel Testing and Dependability",
        "kernel-testing-and-dependability",
        [
            "KUnit for drivers",
            "Test result formats across CI systems",
            "Fuzzing file systems continuously",
            "Reproducible kernel builds",
            "Regression tracking",
            "Test coverage of error paths",
        ],
    ),
    (
        "System Boot and Security",
        "system-boot-and-security",
        [
            "Measured boot with a TPM",
            "Unified kernel images",
            "Secure launch on x86",
            "Boot time on embedded boards",
            "Key management for module signing",
        ],
    ),
    (
        "Tracing",
        "tracing",
        [
            "User-space event tracing",
            "Tracing with BTF type information",
            "Ring buffer memory mapping",
            "Function graph return values",
            "Trace event fields that stay stable",
        ],
    ),
    (
        "BPF",
        "bpf",
        [
            "BPF arenas",
            "Verifier precision tracking",
            "BPF token for unprivileged use",
            "Exceptions in BPF programs",
            "Signing BPF programs",
        ],
    ),
    (
        "Toolchains",
        "toolchains",
        [
            "Kernel control-flow integrity in GCC",
            "Link-time optimisation for the kernel",
            "Shadow call stacks on x86",
            "Compiler builtins for counted_by",
            "Debug info size",
            "Sanitisers in the kernel",
        ],
    ),
    (
        "VFIO/IOMMU/PCI",
        "vfio-iommu-pci",
        [
            "iommufd and nested translation",
            "Live update of passthrough devices",
            "PCI device security and SPDM",
            "Shared virtual addressing",
            "Interrupt remapping on ARM",
        ],
    ),
    (
        "Power Management and Thermal Control",
        "power-management-and-thermal-control",
        [
            "Energy model for GPUs",
            "Thermal zones described in firmware",
            "Idle states on many-core servers",
            "Frequency invariance",
            "Runtime PM for PCI",
        ],
    ),
    (
        "Android",
        "android",
        [
            "Generic kernel image: what is left",
            "Binder in Rust",
            "Memory pressure on phones",
            "Vendor hooks upstream",
            "Fast suspend and resume",
        ],
    ),
    (
        "Confidential Computing",
        "confidential-computing",
        [
            "Attestation for confidential VMs",
            "Trusted I/O for devices",
            "Guest memory with guest_memfd",
            "Secure VM service modules",
            "Confidential containers",
        ],
    ),
    (
        "RISC-V",
        "risc-v",
        [
            "Vector extension context switching",
            "RISC-V ACPI support",
            "Control-flow integrity on RISC-V",
            "Kernel page tables with Svnapot",
            "Errata handling for vendors",
        ],
    ),
    (
        "Networking",
        "networking",
        [
            "Device memory TCP",
            "Page pool for all drivers",
            "Netlink specs in YAML",
            "XDP hints",
            "Multipath TCP in production",
        ],
    ),
    (
        "Live Patching",
        "live-patching",
        [
            "Livepatch on arm64",
            "Klp-convert upstream",
            "Callbacks and shadow variables",
            "Objtool and livepatch",
            "Testing live patches",
        ],
    ),
    (
        "Kernel Memory Management",
        "kernel-memory-management",
        [
            "Large folios in the page cache",
            "Memory tiering with CXL",
            "Per-VMA locks",
            "Memory cgroup reclaim",
            "Guest memory ballooning",
        ],
    ),
    (
        "Compute Express Link",
        "compute-express-link",
        [
            "CXL memory pooling",
            "Dynamic capacity devices",
            "CXL error handling",
            "Interleaving across host bridges",
            "Type 2 devices",
        ],
    ),
    (
        "Embedded and IoT",
        "embedded-and-iot",
        [
            "Device tree schema checks",
            "Yocto and the upstream kernel",
            "Long-term support for industrial boards",
            "Zephyr and Linux side by side",
            "Firmware updates in the field",
        ],
    ),
    (
        "File Systems and Storage",
        "file-systems-and-storage",
        [
            "Large block sizes",
            "io_uring for storage",
            "Atomic writes",
            "bcachefs status",
            "NVMe zoned namespaces",
        ],
    ),
    (
        "Safe Systems with Linux",
        "safe-systems-with-linux",
        [
            "Linux in safety-critical cars",
            "Requirements traceability for kernel code",
            "Static analysis for safety",
            "Safety and the stable kernels",
            "Freedom from interference",
        ],
    ),
]

TOPIC_PATTERNS = [
    "{subject}",
    "{subject}: status and next steps",
    "{subject}: what is still missing",
    "Towards {subject}",
    "{subject}, revisited",
    "Lessons from {subject}",
]

REFEREED_TALKS = [
    "Ten years of kernel development statistics",
    "How we boot a thousand servers a day",
    "A practical guide to memory safety in C", "Upstream first: a vendor's journey",
    "Profiling the kernel with hardware counters", "The page cache, explained",
    "Shipping Linux on a satellite", "Scaling git for the kernel community",
    "What a file system crash teaches", "Observability without overhead",
    "The life of a network packet in 2023", "Making suspend reliable on laptops",
    "Kernel documentation that people read", "Container isolation, measured",
    "Debugging a deadlock in production", "Energy-aware scheduling on servers",
    "A year of Rust drivers", "Building a CI for every patch",
]  # fmt: skip
KERNEL_SUMMIT_SESSIONS = [
    "Maintainer burnout and succession", "Stable kernel process", "Regression tracking",
    "Handling CVEs for the kernel", "Development process for new subsystems",
    "Tooling for reviewers", "Documentation of internal APIs",
    "The next long-term support kernel", "Deprecated interfaces and removal",
    "Testing expectations for new code", "Bug trackers and the mailing lists",
    "Onboarding new contributors",
]  # fmt: skip
BOFS = [
    "Kernel newcomers BoF", "Distribution kernel maintainers", "Embedded Linux meetup",
    "Accessibility of developer tools", "eBPF users", "Continuous integration users",
    "Women in kernel development", "Maintainers of small subsystems",
    "Packaging Rust crates for distributions", "Security response teams",
]  # fmt: skip

# (tier, sponsor names) in the order the seed page shows the tiers.
SPONSORS = [
    ("Diamond", ["Aurora Silicon", "Northwind Cloud"]),
    ("Platinum", ["Kestrel Systems"]),
    ("Gold", ["Bluefin Networks", "Cobalt Labs", "Tidewater Compute"]),
    (
        "Silver",
        ["Ember Storage", "Lattice Devices", "Quarry Software", "Sable Security"],
    ),
    ("Catchbox", ["Pinecone Audio"]),
    ("Livestream", ["Harbor Media", "Vantage Video"]),
    ("T-Shirt", ["Thread & Loom"]),
]
