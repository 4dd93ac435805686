using static AshbyBench.Markdown;

namespace AshbyBench;

/// <summary>Section 5: wall time of <c>spec</c>, the shortest command, against a Python interpreter doing nothing.</summary>
internal sealed partial class Bench
{
    private void Startup()
    {
        Progress("start-up");
        var subjects = new List<(string Label, Launcher Launcher, string[] Arguments)>();
        if (_aot is not null)
        {
            subjects.Add(("NativeAOT: `source-ashby spec`", _aot, ["spec"]));
        }

        subjects.Add(("JIT: `dotnet source-ashby.dll spec`", _jit, ["spec"]));

        // The shim (pyenv and the like) would slow Python down; time the interpreter itself.
        var python = Repo.Capture("python3", "-c", "import sys; print(sys.executable)");
        if (python is not null && File.Exists(python))
        {
            subjects.Add(($"`python3 -c pass` ({python}, {Repo.Capture(python, "--version") ?? "python3"})", new Launcher("python3", python, []), ["-c", "pass"]));
        }
        else
        {
            _notes.Add("python3 was not found, so the Python start-up floor was not measured.");
        }

        var times = subjects.ToDictionary(s => s.Label, _ => new List<double>());
        foreach (var (_, launcher, arguments) in subjects)
        {
            // Page cache and disk warm-up; not counted.
            Child.TimeOnce(launcher, arguments, work);
            Child.TimeOnce(launcher, arguments, work);
        }

        // Interleaved, so a burst of load elsewhere hits every command alike.
        for (var run = 0; run < options.StartupRuns; run++)
        {
            foreach (var (label, launcher, arguments) in subjects)
            {
                times[label].Add(Child.TimeOnce(launcher, arguments, work).TotalMilliseconds);
            }
        }

        NoteLoad();
        _sections.Line("## 5. Start-up").Line();
        _sections.Line($"Wall time from process start to exit, {options.StartupRuns} runs of each command interleaved (after 2 warm-up runs each), stdout")
            .Line("drained through a pipe. `python3 -c pass` is the floor any Python connector starts from.")
            .Line();
        _sections.Table(["command", ">median ms", ">min ms", ">p90 ms"],
            subjects.Select(s => (IReadOnlyList<string>)[s.Label, F1(Median(times[s.Label])), F1(times[s.Label].Min()), F1(Percentile(times[s.Label], 0.9))]));

        var aot = subjects.FirstOrDefault(s => s.Launcher == _aot);
        var py = subjects.FirstOrDefault(s => s.Launcher.Label == "python3");
        if (aot.Label is not null && py.Label is not null)
        {
            var aotMedian = Median(times[aot.Label]);
            var pyMedian = Median(times[py.Label]);
            _targets.Add(new TargetRow("5", "start-up (`spec`, median)", "NativeAOT faster than `python3 -c pass`",
                $"{F1(aotMedian)} ms vs {F1(pyMedian)} ms ({Ratio(aotMedian / pyMedian)}); JIT {F1(Median(times[subjects.Single(s => s.Launcher == _jit).Label]))} ms", aotMedian < pyMedian));
        }
        else
        {
            _targets.Add(new TargetRow("5", "start-up (`spec`, median)", "NativeAOT faster than `python3 -c pass`",
                aot.Label is null ? $"not measured: {_aotNote}" : "not measured: python3 is absent", null));
        }
    }
}
