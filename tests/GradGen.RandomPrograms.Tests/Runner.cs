using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsCheck;

namespace GradGen.RandomPrograms;

public sealed class RunOptions
{
    public ulong Seed = 1;
    public int Count = 2000;
    public double FloatShare = 0.25;

    /// <summary>The share of programs whose F is [Differentiable(Forward = true)], with FPushforward checked as well.</summary>
    public double ForwardShare = Runner.DefaultForwardShare;

    /// <summary>The share of programs whose marked methods are printed generic over T where they fit (see GenericForm).</summary>
    public double GenericShare = Runner.DefaultGenericShare;

    /// <summary>The share of programs drawn in model form, F's real parameters packed into a model type (see ModelForm).</summary>
    public double ModelShare = Runner.DefaultModelShare;

    /// <summary>The share of programs drawn in vector form, F returning a tuple of reals (see VectorForm).</summary>
    public double VectorShare = Runner.DefaultVectorShare;

    /// <summary>The share of the programs that can have a Hessian (see HessianForm) whose F is marked Hessian = true, with
    /// FHessianVectorProduct checked as well.</summary>
    public double HessianShare = Runner.DefaultHessianShare;

    /// <summary>Vector form also where F returns early (GradGen's open bug: off by default until it is fixed).</summary>
    public int BatchSize = 50;
    public int PointsPerProgram = 3;
    public string? SaveDir;
    public int MaxShrinks = 8;
    public TimeSpan ShrinkBudget = TimeSpan.FromSeconds(90);
    public TextWriter? Log;
}

public sealed class Summary
{
    public int Programs, Compiled, Checked, Wrong, Crashes, OracleMismatch, Invalid, Unchecked;

    /// <summary>Programs printed in model form, and of those the checked and the rejected ones.</summary>
    public int ModelPrograms, ModelChecked, ModelRejected;

    /// <summary>Programs drawn in vector form, and of those the checked and the rejected ones.</summary>
    public int VectorPrograms, VectorChecked, VectorRejected;

    /// <summary>Programs marked Hessian = true, and of those the checked and the rejected ones; points whose Hessian-vector
    /// products were checked (symmetry, and differences of the gradient where those are reliable).</summary>
    public int HessianPrograms, HessianChecked, HessianRejected;
    public long HessianPoints, HessianDifferencePoints;
    public SortedDictionary<string, int> UncheckedWhy = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> RejectedById = new(StringComparer.Ordinal);
    public List<Failure> Failures = new();
    public List<string> OracleNotes = new();
    public List<string> RejectedNotes = new();
    public List<string> InvalidNotes = new();
    public List<Failure> Shrunk = new();
    public TimeSpan Elapsed, CheckElapsed;

    public string Line() =>
        $"programs {Programs}, compiled {Compiled}, checked {Checked}, rejected by id {{{string.Join(", ", RejectedById.Select(kv => kv.Key + ": " + kv.Value))}}}, wrong {Wrong}, crashes {Crashes}, oracle-mismatch {OracleMismatch}";

    public string Details() =>
        $"invalid programs {Invalid}, compiled but every point skipped {Unchecked} ({string.Join("; ", UncheckedWhy.Select(kv => kv.Key + ": " + kv.Value))}), checking {CheckElapsed.TotalSeconds:F1} s ({Programs / Math.Max(CheckElapsed.TotalSeconds, 1e-9):F1} programs/s), with shrinking {Elapsed.TotalSeconds:F1} s; model form {ModelPrograms} (checked {ModelChecked}, rejected {ModelRejected}); vector form {VectorPrograms} (checked {VectorChecked}, rejected {VectorRejected}); Hessian = true {HessianPrograms} (checked {HessianChecked}, rejected {HessianRejected}; products checked at {HessianPoints} points, against differences of the gradient at {HessianDifferencePoints}); failure kinds {{{string.Join(", ", Failures.GroupBy(f => f.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + ": " + g.Count()))}}}";
}

public static class Runner
{
    public const double DefaultForwardShare = 0.35;

    public const double DefaultGenericShare = 0.3;

    public const double DefaultModelShare = 0.25;

    public const double DefaultVectorShare = 0.15;

    public const double DefaultHessianShare = 0.5;

    public static Case MakeCase(ulong seed, int index, double floatShare, int points, double forwardShare = DefaultForwardShare, double genericShare = DefaultGenericShare,
        double modelShare = DefaultModelShare, double vectorShare = DefaultVectorShare, double hessianShare = DefaultHessianShare)
    {
        ulong s = seed * 1_000_003UL + (ulong)index;
        Prog p = ProgramGenerator.Generate(s, floatShare);
        // From a hash of its own (SplitMix64), so that a seed draws the same programs and points as before forward mode was checked.
        ulong h = unchecked(s + 0x9E3779B97F4A7C15UL);
        h = unchecked((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL);
        h = unchecked((h ^ (h >> 27)) * 0x94D049BB133111EBUL);
        h ^= h >> 31;
        if ((h >> 11) * (1.0 / (1UL << 53)) < forwardShare) p = p with { Forward = true };
        // And generic form from one more, so that neither share changes the programs or the other draw.
        ulong g = unchecked((h ^ 0xD1B54A32D192ED03UL) * 0x9E3779B97F4A7C15UL);
        g ^= g >> 29;
        if ((g >> 11) * (1.0 / (1UL << 53)) < genericShare) p = p with { Generic = true };
        // And model form from one more; its own draws (the type, a callee taking the model, a model local) from a stream of its own.
        ulong mh = unchecked((g ^ 0x6A09E667F3BCC909UL) * 0xBF58476D1CE4E5B9UL);
        mh ^= mh >> 31;
        if ((mh >> 11) * (1.0 / (1UL << 53)) < modelShare) p = ModelForm.Apply(p, s);
        // And vector form from one more (its own draws from a stream of its own); not where the program is in model form.
        ulong vh = unchecked((mh ^ 0xBB67AE8584CAA73BUL) * 0x94D049BB133111EBUL);
        vh ^= vh >> 29;
        if ((vh >> 11) * (1.0 / (1UL << 53)) < vectorShare && p.Model is null) p = VectorForm.Apply(p, s);
        // And Hessian = true from one more, where F can have one: no draw of the program or its points changes.
        ulong hh = unchecked((vh ^ 0x3C6EF372FE94F82BUL) * 0xBF58476D1CE4E5B9UL);
        hh ^= hh >> 31;
        if ((hh >> 11) * (1.0 / (1UL << 53)) < hessianShare && HessianForm.Fits(p)) p = p with { Hessian = true };
        var pcg = new PCG(2, s);
        var pts = new List<(double[], double[])>();
        for (int i = 0; i < points + 5; i++) pts.Add((ProgramGenerator.Point(p, pcg), ProgramGenerator.Adjoints(p, pcg)));
        return new Case(index, p, pts);
    }

    public static Summary Run(RunOptions o)
    {
        var clock = Stopwatch.StartNew();
        var s = new Summary();
        long hessianPoints = Interlocked.Read(ref Checker.HessianPointsChecked), differencePoints = Interlocked.Read(ref Checker.HessianDifferencePointsChecked);
        var batches = new List<(int Start, int Count)>();
        for (int i = 0; i < o.Count; i += o.BatchSize) batches.Add((i, Math.Min(o.BatchSize, o.Count - i)));
        var results = new ConcurrentBag<Outcome>();
        Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = 2 }, b =>
        {
            var cases = Enumerable.Range(b.Start, b.Count).Select(i => MakeCase(o.Seed, i, o.FloatShare, o.PointsPerProgram, o.ForwardShare, o.GenericShare, o.ModelShare, o.VectorShare, o.HessianShare)).ToList();
            List<Outcome> batch;
            try { batch = Checker.CheckBatch(cases); }
            catch (Exception e)
            {
                // A defect of the tester: count every program of the batch as an oracle mismatch and go on.
                batch = cases.Select(c => new Outcome(c, Status.OracleMismatch, Note: "tester failed on this batch: " + e.GetType().Name + ": " + e.Message)).ToList();
            }
            foreach (Outcome r in batch) results.Add(r);
        });
        foreach (Outcome r in results.OrderBy(r => r.Case.Id))
        {
            s.Programs++;
            if (ModelForm.Layout(r.Case.Prog) is not null)
            {
                s.ModelPrograms++;
                if (r.Status == Status.Checked) s.ModelChecked++;
                if (r.Status == Status.Rejected) s.ModelRejected++;
            }
            if (r.Case.Prog.Hessian)
            {
                s.HessianPrograms++;
                if (r.Status == Status.Checked) s.HessianChecked++;
                if (r.Status == Status.Rejected) s.HessianRejected++;
            }
            if (r.Case.Prog.Vector is not null)
            {
                s.VectorPrograms++;
                if (r.Status == Status.Checked) s.VectorChecked++;
                if (r.Status == Status.Rejected) s.VectorRejected++;
            }
            switch (r.Status)
            {
                case Status.Checked: s.Compiled++; s.Checked++; break;
                case Status.CompiledUnchecked: s.Compiled++; s.Unchecked++; s.UncheckedWhy[r.Note ?? ""] = s.UncheckedWhy.GetValueOrDefault(r.Note ?? "") + 1; break;
                case Status.Rejected:
                    s.RejectedById[r.RejectedId!] = s.RejectedById.GetValueOrDefault(r.RejectedId!) + 1;
                    if (s.RejectedNotes.Count(n => n.StartsWith(r.RejectedId!, StringComparison.Ordinal)) < 3) s.RejectedNotes.Add(r.RejectedId + " P" + r.Case.Id + ": " + r.Note);
                    break;
                case Status.OracleMismatch: s.Compiled++; s.OracleMismatch++; s.OracleNotes.Add($"P{r.Case.Id}: {r.Note}"); break;
                case Status.Invalid: s.Invalid++; s.InvalidNotes.Add($"P{r.Case.Id}: {r.Note}"); break;
                case Status.Failed:
                    Failure f = r.Failure!;
                    if (f.Kind is not "compile" and not "generator") { s.Compiled++; s.Checked++; }
                    if (f.IsCrash) s.Crashes++; else s.Wrong++;
                    s.Failures.Add(f);
                    break;
            }
        }
        // Shrink the first failure of each kind (and a few more), one program at a time.
        s.CheckElapsed = clock.Elapsed;
        // First one failure of each kind, then the others in order; a shrunk program seen before is not kept twice.
        var seen = new HashSet<string>();
        var printed = new HashSet<string>();
        var order = s.Failures.Where(f => seen.Add(f.Kind)).Concat(s.Failures).Distinct().ToList();
        int tries = 0;
        foreach (Failure f in order)
        {
            if (s.Shrunk.Count >= o.MaxShrinks || tries++ >= 3 * o.MaxShrinks) break;
            Failure m = Shrinker.Shrink(f, budget: o.ShrinkBudget);
            if (!printed.Add(m.Kind + Printer.Print(m.Prog, "Repro"))) continue;
            s.Shrunk.Add(m);
            o.Log?.WriteLine(Describe(m));
            if (o.SaveDir is not null) Regressions.Save(o.SaveDir, m);
        }
        s.Elapsed = clock.Elapsed;
        s.HessianPoints = Interlocked.Read(ref Checker.HessianPointsChecked) - hessianPoints;
        s.HessianDifferencePoints = Interlocked.Read(ref Checker.HessianDifferencePointsChecked) - differencePoints;
        return s;
    }

    public static string Describe(Failure f)
    {
        var sb = new StringBuilder();
        sb.Append("=== ").Append(f.Kind).Append(": ").Append(f.Detail).Append('\n');
        sb.Append(Printer.Print(f.Prog, "Repro"));
        sb.Append("// at ").Append(PointText(f.Prog, f.Point)).Append('\n');
        return sb.ToString();
    }

    public static string PointText(Prog p, double[] point)
    {
        var parts = new List<string>();
        int o = 0;
        foreach (Param q in p.F.Params)
        {
            string V(double v) => p.IsFloat ? Printer.FloatText((float)v) + "f" : Printer.DoubleText(v);
            if (q.IsReal) parts.Add(q.Name + " = " + V(point[o++]));
            else if (q.IsArray) { parts.Add(q.Name + " = [" + string.Join(", ", point.Skip(o).Take(q.Value).Select(V)) + "]"); o += q.Value; }
            else if (q.IsGrid && q.Differentiable)
            {
                // Row by row: [[a, b], [c, d]].
                parts.Add(q.Name + " = [" + string.Join(", ", Enumerable.Range(0, q.Rows).Select(r => "[" + string.Join(", ", point.Skip(o + r * q.Cols).Take(q.Cols).Select(V)) + "]")) + "]");
                o += q.Rows * q.Cols;
            }
            else if (q.IsTupleData) parts.Add(q.Name + " = " + (q.Value / 10).ToString(CultureInfo.InvariantCulture) + " rows (Param.TupleDataValue, K in [0, " + (q.Value % 10).ToString(CultureInfo.InvariantCulture) + "))");
            else parts.Add(q.Name + " = " + q.Value.ToString(CultureInfo.InvariantCulture));
        }
        return string.Join(", ", parts);
    }
}

/// <summary>Regression files: the C# for people, the tree, point and adjoints for replay.</summary>
public static class Regressions
{
    public static string Save(string dir, Failure f)
    {
        Directory.CreateDirectory(dir);
        string tree = TreeText.Write(f.Prog);
        string name = f.Kind.Replace(':', '-') + "-" + ((uint)StableHash(tree + TreeText.WriteDoubles(f.Point))).ToString("x8", CultureInfo.InvariantCulture) + ".txt";
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, Format(f));
        return path;
    }

    public static string Format(Failure f)
    {
        var sb = new StringBuilder();
        sb.Append("# GradGen random-program regression. Found as: ").Append(f.Kind).Append('\n');
        sb.Append("# ").Append(f.Detail.Replace("\n", "\n# ", StringComparison.Ordinal)).Append('\n');
        foreach (string line in Printer.Print(f.Prog, "Repro").Split('\n')) sb.Append("# ").Append(line).Append('\n');
        sb.Append("# at ").Append(Runner.PointText(f.Prog, f.Point)).Append('\n');
        sb.Append("kind: ").Append(f.Kind).Append('\n');
        sb.Append("tree: ").Append(TreeText.Write(f.Prog)).Append('\n');
        sb.Append("point: ").Append(TreeText.WriteDoubles(f.Point)).Append('\n');
        sb.Append("adjoint: ").Append(TreeText.WriteDoubles(f.Adjoint)).Append('\n');
        return sb.ToString();
    }

    public static (string Kind, Prog Prog, double[] Point, double[] Adjoint) Load(string path)
    {
        string kind = "", tree = "", point = "", adj = "";
        foreach (string line in File.ReadAllLines(path))
        {
            if (line.StartsWith("kind: ", StringComparison.Ordinal)) kind = line[6..];
            else if (line.StartsWith("tree: ", StringComparison.Ordinal)) tree = line[6..];
            else if (line.StartsWith("point: ", StringComparison.Ordinal)) point = line[7..];
            else if (line.StartsWith("adjoint: ", StringComparison.Ordinal)) adj = line[9..];
        }
        return (kind, TreeText.Read(tree), TreeText.ReadDoubles(point), TreeText.ReadDoubles(adj));
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in s) h = (h ^ c) * 16777619;
            return h;
        }
    }
}
