using System.Globalization;

namespace GradGen.RandomPrograms;

/// <summary>
/// dotnet run -c Release --project tests/GradGen.RandomPrograms.Tests -- --seed S --count N [--float-share P] [--forward-share P]
/// [--generic-share P] [--model-share P] [--vector-share P] [--hessian-share P] [--save DIR]
/// [--batch B] [--shrink N] [--shrink-seconds T]: prints one summary line, then each shrunk failure. With --print I (after
/// --seed and --float-share), prints program I of the run instead; with --print-all (after --count), the programs of the
/// run, without checking them.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var o = new RunOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("missing value after " + args[i]);
            switch (args[i])
            {
                case "--seed": o.Seed = ulong.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--count": o.Count = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--float-share": o.FloatShare = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--forward-share": o.ForwardShare = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--generic-share": o.GenericShare = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--model-share": o.ModelShare = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--vector-share": o.VectorShare = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--hessian-share": o.HessianShare = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--save": o.SaveDir = Next(); break;
                case "--dump": Checker.DumpDirectory = Next(); break;
                case "--print":
                    // The program of this index of the run, as C#: to read one that a run names (P478).
                    Console.Write(Printer.Print(Runner.MakeCase(o.Seed, int.Parse(Next(), CultureInfo.InvariantCulture), o.FloatShare, o.PointsPerProgram, o.ForwardShare, o.GenericShare, o.ModelShare, o.VectorShare, o.HessianShare).Prog, "P"));
                    return 0;
                case "--replay":
                {
                    // One regression file checked at its point (with --dump before it, its generated code written out).
                    var (kind, prog, point, adj) = Regressions.Load(Next());
                    Outcome r = Checker.CheckOne(prog, new[] { (point, adj) });
                    Console.WriteLine($"found as {kind}: now {r.Status} {r.Failure?.Kind} {r.Failure?.Detail} {r.Note}");
                    Console.Write(Printer.Print(prog, "Repro"));
                    return r.Status == Status.Checked ? 0 : 1;
                }
                case "--batch": o.BatchSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--shrink": o.MaxShrinks = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--shrink-seconds": o.ShrinkBudget = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--print-all":
                    // The programs of the seed, as C#, without checking them: to see what the grammar draws.
                    for (int k = 0; k < o.Count; k++) Console.Write(Printer.Print(Runner.MakeCase(o.Seed, k, o.FloatShare, 0, o.ForwardShare, o.GenericShare, o.ModelShare, o.VectorShare, o.HessianShare).Prog, "P" + k));
                    return 0;
                default:
                    Console.Error.WriteLine("usage: --seed S --count N [--float-share P] [--forward-share P] [--generic-share P] [--model-share P] [--vector-share P] [--save DIR] [--dump DIR] [--batch B] [--shrink N] [--shrink-seconds T] [--print-all] | [--dump DIR] --replay FILE | --seed S [--float-share P] [--forward-share P] [--generic-share P] [--model-share P] [--vector-share P] --print I");
                    return 2;
            }
        }
        Summary s = Runner.Run(o);
        Console.WriteLine(s.Line());
        Console.WriteLine(s.Details());
        foreach (string n in s.OracleNotes.Take(10)) Console.WriteLine("oracle-mismatch " + n);
        foreach (string n in s.InvalidNotes.Take(10)) Console.WriteLine("invalid " + n);
        foreach (string n in s.RejectedNotes) Console.WriteLine("rejected " + n);
        foreach (Failure f in s.Shrunk) Console.Write(Runner.Describe(f));
        return s.Wrong + s.Crashes + s.OracleMismatch == 0 ? 0 : 1;
    }
}
