using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.RegularExpressions;
using GradGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GradGen.RandomPrograms;

/// <summary>A program to check and the points to check it at (each with the pullback's starting adjoints).</summary>
public sealed record Case(int Id, Prog Prog, IReadOnlyList<(double[] Point, double[] Adjoint)> Points)
{
    public string ClassName => "P" + Id;
}

/// <summary>A wrong result or a crash. Kind is what shrinking preserves ("wrong:Gradient", "value:Pullback",
/// "throws:Gradient:IndexOutOfRangeException", "compile", "generator"), Detail says more.</summary>
public sealed record Failure(string Kind, string Detail, Prog Prog, double[] Point, double[] Adjoint)
{
    public bool IsCrash => Kind.StartsWith("throws", StringComparison.Ordinal) || Kind is "compile" or "generator" or "hang";
}

public enum Status { Checked, CompiledUnchecked, Rejected, Failed, OracleMismatch, Invalid }

public sealed record Outcome(Case Case, Status Status, string? RejectedId = null, Failure? Failure = null, string? Note = null);

/// <summary>Compiles batches of programs with the generator in one compilation, runs them, compares with the interpreter.</summary>
public static class Checker
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // Only the reference assemblies the programs and generated code use: binding fewer is faster.
    private static readonly ImmutableArray<MetadataReference> References = new MetadataReference[]
        {
            Basic.Reference.Assemblies.Net80.References.SystemRuntime,
            Basic.Reference.Assemblies.Net80.References.SystemCollections,
            Basic.Reference.Assemblies.Net80.References.SystemMemory,
            Basic.Reference.Assemblies.Net80.References.SystemRuntimeInteropServices,
            Basic.Reference.Assemblies.Net80.References.SystemLinq, // xs.Sum(), xs.Max(), ... (LINQ reductions)
        }
        .Append(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location))
        .ToImmutableArray();

    private static readonly CSharpCompilationOptions Options = new(OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable);

    public const double Seed = 0.75;
    /// <summary>Points compared per program (more are drawn, for the ones skipped).</summary>
    public static int PointsToCheck = 3;
    private static readonly bool Timing = Environment.GetEnvironmentVariable("GRADGEN_RANDOM_TIMING") == "1";
    public static TimeSpan HangTimeout = TimeSpan.FromSeconds(20);
    private static readonly Regex ClassOf = new(@"partial class (P\d+)\b", RegexOptions.Compiled);

    private const string Helpers = """
        using System;
        using System.Collections.Generic;
        public static class __H
        {
            public static double[] D(double[] p, int o, int n) { var r = new double[n]; Array.Copy(p, o, r, 0, n); return r; }
            public static double[][] JD(int rows, int cols) { var r = new double[rows][]; for (int i = 0; i < rows; i++) { r[i] = new double[cols]; for (int j = 0; j < cols; j++) r[i][j] = 0.5 + 0.25 * i - 0.375 * j; } return r; }
            public static float[][] JF(int rows, int cols) { var r = new float[rows][]; for (int i = 0; i < rows; i++) { r[i] = new float[cols]; for (int j = 0; j < cols; j++) r[i][j] = (float)(0.5 + 0.25 * i - 0.375 * j); } return r; }
            public static double[][] JPD(double[] p, int o, int rows, int cols) { var r = new double[rows][]; for (int i = 0; i < rows; i++) { r[i] = new double[cols]; for (int j = 0; j < cols; j++) r[i][j] = p[o++]; } return r; }
            public static float[][] JPF(double[] p, int o, int rows, int cols) { var r = new float[rows][]; for (int i = 0; i < rows; i++) { r[i] = new float[cols]; for (int j = 0; j < cols; j++) r[i][j] = (float)p[o++]; } return r; }
            public static double[,] MPD(double[] p, int o, int rows, int cols) { var r = new double[rows, cols]; for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) r[i, j] = p[o++]; return r; }
            public static float[,] MPF(double[] p, int o, int rows, int cols) { var r = new float[rows, cols]; for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) r[i, j] = (float)p[o++]; return r; }
            public static double[,] MD(int rows, int cols) { var r = new double[rows, cols]; for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) r[i, j] = 0.5 + 0.25 * i - 0.375 * j; return r; }
            public static float[,] MF(int rows, int cols) { var r = new float[rows, cols]; for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) r[i, j] = (float)(0.5 + 0.25 * i - 0.375 * j); return r; }
            public static void Add(List<double> r, double[][] v) { foreach (var row in v) Add(r, row); }
            public static void Add(List<double> r, float[][] v) { foreach (var row in v) Add(r, row); }
            public static void Add(List<double> r, double[,] v) { foreach (var x in v) r.Add(x); }
            public static void Add(List<double> r, float[,] v) { foreach (var x in v) r.Add(x); }
            public static float[] F(double[] p, int o, int n) { var r = new float[n]; for (int i = 0; i < n; i++) r[i] = (float)p[o + i]; return r; }
            public static (int K, double V)[] TD(int rows, int kRange) { var r = new (int K, double V)[rows]; for (int j = 0; j < rows; j++) r[j] = (j % kRange, 0.75 - 0.5 * j); return r; }
            public static (int K, float V)[] TF(int rows, int kRange) { var r = new (int K, float V)[rows]; for (int j = 0; j < rows; j++) r[j] = (j % kRange, (float)(0.75 - 0.5 * j)); return r; }
            public static void Add(List<double> r, double v) => r.Add(v);
            public static void Add(List<double> r, float v) => r.Add(v);
            public static void Add(List<double> r, double[] v) { foreach (var x in v) r.Add(x); }
            public static void Add(List<double> r, float[] v) { foreach (var x in v) r.Add(x); }
        }
        """;

    /// <summary>The C# that calls F and its generated members for one program, from flat arrays of doubles.</summary>
    public static string CheckSource(Prog p, string cls)
    {
        Method f = p.F;
        string t = p.T;
        var args = new List<string>();
        int off = 0;
        foreach (Param q in f.Params)
        {
            if (q.IsReal) args.Add(p.IsFloat ? $"(float)p[{off++}]" : $"p[{off++}]");
            else if (q.IsArray) { args.Add($"__H.{(p.IsFloat ? "F" : "D")}(p, {off}, {q.Value})"); off += q.Value; }
            else if (q.IsGrid && q.Differentiable) { args.Add($"__H.{(q.IsJagged ? "J" : "M")}P{(p.IsFloat ? "F" : "D")}(p, {off}, {q.Rows}, {q.Cols})"); off += q.Rows * q.Cols; }
            else if (q.IsGrid) args.Add($"__H.{(q.IsJagged ? "J" : "M")}{(p.IsFloat ? "F" : "D")}({q.Rows}, {q.Cols})"); // fixed data (Param.JaggedValue)
            else if (q.IsTupleData) args.Add($"__H.T{(p.IsFloat ? "F" : "D")}({q.Value / 10}, {q.Value % 10})"); // fixed data (Param.TupleDataValue)
            else args.Add(q.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var diff = f.Params.Where(q => q.Differentiable).ToList();
        ModelLayout? model = ModelForm.Layout(p);
        if (model is not null)
        {
            // Model form: the packed parameters' arguments become one model value where the first of them stood.
            string built = ModelForm.Construct(model, cls + ".", model.Packed.Select(x => args[Array.FindIndex(f.Params, q => q.Name == x)]).ToList());
            var kept = args.Where((_, i) => !model.Packed.Contains(f.Params[i].Name)).ToList();
            kept.Insert(model.Position, built);
            args = kept;
        }
        string a = string.Join(", ", args);
        // Gradients are read back in the point's order: a packed parameter's partial is the model gradient's member.
        int printedDiff = model is null ? diff.Count : diff.Count - model.Count + 1;
        string Part(string g, Param q) => model is not null && Array.IndexOf(model.Packed, q.Name) is int k and >= 0
            ? (printedDiff == 1 ? g : g + "." + ModelForm.ParamName) + "." + model.Path(k)
            : printedDiff == 1 ? g : g + "." + q.Name;
        string Flat(string g) => model is null
            ? diff.Count == 1 ? $"__H.Add(r, {g});" : string.Concat(diff.Select(q => $"__H.Add(r, {g}.{q.Name}); "))
            : string.Concat(diff.Select(q => $"__H.Add(r, {Part(g, q)}); "));
        var sb = new StringBuilder();
        sb.Append("using System;\nusing System.Collections.Generic;\npublic static class ").Append(cls).Append("_Check\n{\n");
        VectorSpec? vector = p.Vector;
        // Vector form: each element of a tuple (value, pullback's value, pushforward's value and tangent) read as ItemN.
        string Items(string v) => vector is null ? v : string.Join(", ", Enumerable.Range(1, vector.Count).Select(i => v + ".Item" + i));
        sb.Append($"    public static double[] F(double[] p) {{ var v = {cls}.F({a}); return new double[] {{ {Items("v")} }}; }}\n");
        if (vector is null)
        {
            sb.Append($"    public static double[] G(double[] p) {{ var r = new List<double>(); var g = {cls}.FGradient({a}); {Flat("g")} return r.ToArray(); }}\n");
            sb.Append($"    public static double[] VG(double[] p) {{ var r = new List<double>(); var vg = {cls}.FValueAndGradient({a}); r.Add(vg.Value); {Flat("vg.Gradient")} return r.ToArray(); }}\n");
        }
        else
        {
            // A vector-valued F has FJacobian instead: its shape, then its entries row by row.
            sb.Append($"    public static double[] J(double[] p) {{ var j = {cls}.FJacobian({a}); var r = new List<double> {{ j.GetLength(0), j.GetLength(1) }}; __H.Add(r, j); return r.ToArray(); }}\n");
        }
        sb.Append("    public static double[] PB(double[] p, double[] adj)\n    {\n");
        int ao = 0;
        var adjArgs = new List<string>();
        var modelAdjoint = new List<string>();
        foreach (Param q in diff)
        {
            if (model is not null && model.Packed.Contains(q.Name))
            {
                // The model's adjoint, started at the point's adjoints (not zero: the pullback adds into it member by member).
                modelAdjoint.Add($"({t})adj[{ao++}]");
                if (modelAdjoint.Count == model.Count)
                    sb.Append($"        var ad_{ModelForm.ParamName} = {ModelForm.Construct(model, cls + ".", modelAdjoint)};\n");
                if (modelAdjoint.Count == 1) adjArgs.Add("ref ad_" + ModelForm.ParamName);
            }
            else if (q.IsReal) { sb.Append($"        {t} ad_{q.Name} = ({t})adj[{ao++}];\n"); adjArgs.Add("ref ad_" + q.Name); }
            else if (q.IsGrid) { sb.Append($"        var ad_{q.Name} = __H.{(q.IsJagged ? "J" : "M")}P{(p.IsFloat ? "F" : "D")}(adj, {ao}, {q.Rows}, {q.Cols});\n"); ao += q.Rows * q.Cols; adjArgs.Add("ad_" + q.Name); }
            else { sb.Append($"        {t}[] ad_{q.Name} = __H.{(p.IsFloat ? "F" : "D")}(adj, {ao}, {q.Value});\n"); ao += q.Value; adjArgs.Add("ad_" + q.Name); }
        }
        // One seed per element in vector form, by name (seedU, seedItem2): a seed in the wrong place is a wrong adjoint.
        string seeds = vector is null ? $"({t}){Seed}"
            : string.Join(", ", vector.Seeds.Select((x, i) => vector.SeedName(i) + ": (" + t + ")" + Printer.DoubleText(x)));
        sb.Append($"        var v = {cls}.FPullback({a}, {seeds}, {string.Join(", ", adjArgs)});\n");
        sb.Append($"        var r = new List<double> {{ {Items("v")} }};\n");
        foreach (Param q in diff)
            sb.Append(model is not null && Array.IndexOf(model.Packed, q.Name) is int mk and >= 0 ? $"        __H.Add(r, ad_{ModelForm.ParamName}.{model.Path(mk)});\n" : $"        __H.Add(r, ad_{q.Name});\n");
        sb.Append("        return r.ToArray();\n    }\n");
        if (p.Forward)
        {
            // The pushforward along a direction laid out as the point (the adjoint vector of the point serves).
            var tangents = new List<string>();
            int to = 0;
            var modelTangent = new List<string>();
            foreach (Param q in diff)
            {
                if (model is not null && model.Packed.Contains(q.Name))
                {
                    // The model's tangent is a model too.
                    modelTangent.Add($"({t})dir[{to++}]");
                    if (modelTangent.Count == 1) tangents.Add("");
                    if (modelTangent.Count == model.Count) tangents[tangents.IndexOf("")] = ModelForm.Construct(model, cls + ".", modelTangent);
                }
                else if (q.IsReal) tangents.Add($"({t})dir[{to++}]");
                else if (q.IsGrid) { tangents.Add($"__H.{(q.IsJagged ? "J" : "M")}P{(p.IsFloat ? "F" : "D")}(dir, {to}, {q.Rows}, {q.Cols})"); to += q.Rows * q.Cols; }
                else { tangents.Add($"__H.{(p.IsFloat ? "F" : "D")}(dir, {to}, {q.Value})"); to += q.Value; }
            }
            sb.Append($"    public static double[] PF(double[] p, double[] dir) {{ var pf = {cls}.FPushforward({a}, {string.Join(", ", tangents)}); return new double[] {{ {Items("pf.Value")}, {Items("pf.Tangent")} }}; }}\n");
        }
        if (p.Hessian)
        {
            // H·v along a direction laid out as the gradient (a model's direction a model too), read back flat.
            var directions = new List<string>();
            var modelDirection = new List<string>();
            int to = 0;
            foreach (Param q in diff)
            {
                if (model is not null && model.Packed.Contains(q.Name))
                {
                    modelDirection.Add($"dir[{to++}]");
                    if (modelDirection.Count == 1) directions.Add("");
                    if (modelDirection.Count == model.Count) directions[directions.IndexOf("")] = ModelForm.Construct(model, cls + ".", modelDirection);
                }
                else if (q.IsReal) directions.Add($"dir[{to++}]");
                else if (q.IsGrid) { directions.Add($"__H.{(q.IsJagged ? "J" : "M")}PD(dir, {to}, {q.Rows}, {q.Cols})"); to += q.Rows * q.Cols; }
                else { directions.Add($"__H.D(dir, {to}, {q.Value})"); to += q.Value; }
            }
            sb.Append($"    public static double[] HV(double[] p, double[] dir) {{ var r = new List<double>(); var hv = {cls}.FHessianVectorProduct({a}, {string.Join(", ", directions)}); {Flat("hv")} return r.ToArray(); }}\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    private sealed class Compiled(Case c)
    {
        public Case Case = c;
        public Func<double[], double[]>? F, G, VG;
        public Func<double[], double[], double[]>? PB;

        /// <summary>FJacobian (vector form): rows, columns, then the entries row by row.</summary>
        public Func<double[], double[]>? J;

        /// <summary>FPushforward (value, tangent) along a direction, for a program with <see cref="Prog.Forward"/>.</summary>
        public Func<double[], double[], double[]>? PF;

        /// <summary>FHessianVectorProduct along a direction, flat, for a program with <see cref="Prog.Hessian"/>.</summary>
        public Func<double[], double[], double[]>? HV;
    }

    /// <summary>Where to write every generated file (<c>--dump</c>): two runs of one seed on two commits diff to
    /// show that a change leaves generated code as it was.</summary>
    public static string? DumpDirectory { get; set; }

    /// <summary>Compiles and checks a batch; one outcome per case.</summary>
    public static List<Outcome> CheckBatch(IReadOnlyList<Case> cases, int pointsToCheck = -1)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var outcomes = new Dictionary<int, Outcome>();
        var byId = cases.ToDictionary(c => c.Id);
        var progTrees = new Dictionary<int, SyntaxTree>();
        var checkTrees = new Dictionary<int, SyntaxTree>();
        foreach (Case c in cases)
        {
            progTrees[c.Id] = CSharpSyntaxTree.ParseText(Printer.Print(c.Prog, c.ClassName), ParseOptions, path: c.ClassName + ".cs");
            checkTrees[c.Id] = CSharpSyntaxTree.ParseText(CheckSource(c.Prog, c.ClassName), ParseOptions, path: c.ClassName + ".Check.cs");
        }
        SyntaxTree helpers = CSharpSyntaxTree.ParseText(Helpers, ParseOptions, path: "__H.cs");
        var input = CSharpCompilation.Create("RandomBatch" + Guid.NewGuid().ToString("N"),
            progTrees.Values.Concat(checkTrees.Values).Append(helpers), References, Options);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new GradGenGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> genDiags);
        long tGen = sw.ElapsedMilliseconds;
        if (DumpDirectory is not null)
        {
            Directory.CreateDirectory(DumpDirectory);
            foreach (SyntaxTree generated in output.SyntaxTrees.Where(t => !input.SyntaxTrees.Contains(t)))
                File.WriteAllText(Path.Combine(DumpDirectory, Path.GetFileName(generated.FilePath)), generated.ToString());
        }
        if (genDiags.Any(d => d.Id is "CS8784" or "CS8785"))
        {
            if (cases.Count == 1)
            {
                Case c = cases[0];
                string msg = string.Join("; ", genDiags.Where(d => d.Id is "CS8784" or "CS8785").Select(d => d.GetMessage()));
                var pt = c.Points.Count > 0 ? c.Points[0] : (Array.Empty<double>(), Array.Empty<double>());
                return new List<Outcome> { new(c, Status.Failed, Failure: new Failure("generator", msg, c.Prog, pt.Item1, pt.Item2)) };
            }
            // The generator threw: attribute it program by program.
            return cases.SelectMany(c => CheckBatch(new[] { c }, pointsToCheck)).ToList();
        }

        var inputSet = new HashSet<SyntaxTree>(input.SyntaxTrees);
        var generatedOf = new Dictionary<int, List<SyntaxTree>>();
        var treeOwner = new Dictionary<SyntaxTree, (int Id, string Role)>();
        foreach (var (id, tr) in progTrees) treeOwner[tr] = (id, "program");
        foreach (var (id, tr) in checkTrees) treeOwner[tr] = (id, "check");
        foreach (SyntaxTree tr in output.SyntaxTrees.Where(t => !inputSet.Contains(t)))
        {
            Match m = ClassOf.Match(tr.GetText().ToString());
            if (!m.Success) continue;
            int id = int.Parse(m.Groups[1].Value[1..], System.Globalization.CultureInfo.InvariantCulture);
            treeOwner[tr] = (id, "generated");
            if (!generatedOf.TryGetValue(id, out var list)) generatedOf[id] = list = new List<SyntaxTree>();
            list.Add(tr);
        }

        var missing = new List<int>();
        byte[] image;
        int emits = 0;
        long genChars = Timing ? output.SyntaxTrees.Where(t => !inputSet.Contains(t)).Sum(t => (long)t.Length) : 0;
        long inChars = Timing ? input.SyntaxTrees.Sum(t => (long)t.Length) : 0;
        while (true)
        {
            emits++;
            using var ms = new MemoryStream();
            var res = output.Emit(ms);
            if (res.Success) { image = ms.ToArray(); break; }
            var errors = res.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var bad = new Dictionary<int, List<(string Role, Diagnostic D)>>();
            foreach (Diagnostic d in errors)
            {
                if (d.Location.SourceTree is { } st && treeOwner.TryGetValue(st, out var own))
                {
                    if (!bad.TryGetValue(own.Id, out var l)) bad[own.Id] = l = new();
                    l.Add((own.Role, d));
                }
            }
            if (bad.Count == 0) throw new InvalidOperationException("unattributed compile errors: " + string.Join("\n", errors.Take(5)));
            foreach (var (id, list) in bad)
            {
                Case c = byId[id];
                var pt = c.Points.Count > 0 ? c.Points[0] : (Array.Empty<double>(), Array.Empty<double>());
                if (list.Any(x => x.Role == "program"))
                    outcomes[id] = new Outcome(c, Status.Invalid, Note: string.Join("; ", list.Where(x => x.Role == "program").Take(3).Select(x => x.D.ToString())));
                else if (list.Any(x => x.Role == "generated"))
                    outcomes[id] = new Outcome(c, Status.Failed, Failure: new Failure("compile",
                        string.Join("\n", list.Where(x => x.Role == "generated").Take(3).Select(x => x.D.Id + " " + x.D.GetMessage() + " at: " + LineOf(x.D))), c.Prog, pt.Item1, pt.Item2));
                else missing.Add(id);
                var drop = new List<SyntaxTree> { progTrees[id], checkTrees[id] };
                if (generatedOf.TryGetValue(id, out var gen)) drop.AddRange(gen);
                output = output.RemoveSyntaxTrees(drop.Where(output.ContainsSyntaxTree));
            }
        }

        long tEmit = sw.ElapsedMilliseconds;
        if (missing.Count > 0) Reject(missing.Select(id => byId[id]).ToList(), progTrees, outcomes);

        var alc = new AssemblyLoadContext("RandomBatch", isCollectible: true);
        try
        {
            Assembly asm = alc.LoadFromStream(new MemoryStream(image));
            foreach (Case c in cases)
            {
                if (outcomes.ContainsKey(c.Id)) continue;
                Type ty = asm.GetType(c.ClassName + "_Check")!;
                var comp = new Compiled(c)
                {
                    F = ty.GetMethod("F")!.CreateDelegate<Func<double[], double[]>>(),
                    G = ty.GetMethod("G")?.CreateDelegate<Func<double[], double[]>>(),
                    VG = ty.GetMethod("VG")?.CreateDelegate<Func<double[], double[]>>(),
                    J = ty.GetMethod("J")?.CreateDelegate<Func<double[], double[]>>(),
                    PB = ty.GetMethod("PB")!.CreateDelegate<Func<double[], double[], double[]>>(),
                    PF = ty.GetMethod("PF")?.CreateDelegate<Func<double[], double[], double[]>>(),
                    HV = ty.GetMethod("HV")?.CreateDelegate<Func<double[], double[], double[]>>(),
                };
                // A generated member that never returns is a failure too; its thread is abandoned.
                var task = Task.Factory.StartNew(() => Run(comp, pointsToCheck < 0 ? PointsToCheck : pointsToCheck), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                if (task.Wait(HangTimeout)) outcomes[c.Id] = task.Result;
                else
                {
                    var pt = c.Points[0];
                    outcomes[c.Id] = new Outcome(c, Status.Failed, Failure: new Failure("hang", $"no result within {HangTimeout.TotalSeconds} s", c.Prog, pt.Point, pt.Adjoint));
                }
            }
        }
        finally
        {
            alc.Unload();
        }
        if (Timing) Console.Error.WriteLine($"batch {cases.Count} ({inChars} chars in, {genChars} generated, {emits} emits): generate {tGen} ms, emit {tEmit - tGen} ms, run {sw.ElapsedMilliseconds - tEmit} ms");
        return cases.Select(c => outcomes[c.Id]).ToList();
    }

    private static string LineOf(Diagnostic d)
    {
        if (d.Location.SourceTree is not { } t) return "";
        var span = d.Location.GetLineSpan();
        return t.GetText().Lines[span.StartLinePosition.Line].ToString().Trim();
    }

    /// <summary>Programs the generator made nothing for: the analyzer says why.</summary>
    private static void Reject(List<Case> cases, Dictionary<int, SyntaxTree> progTrees, Dictionary<int, Outcome> outcomes)
    {
        var comp = CSharpCompilation.Create("Rejected" + Guid.NewGuid().ToString("N"), cases.Select(c => progTrees[c.Id]), References, Options);
        var diags = comp.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new GradGenAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var treeToCase = cases.ToDictionary(c => progTrees[c.Id]);
        foreach (Case c in cases)
        {
            var mine = diags.Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == progTrees[c.Id]).ToList();
            var pt = c.Points.Count > 0 ? c.Points[0] : (Array.Empty<double>(), Array.Empty<double>());
            if (mine.Any(d => d.Id == "GG9999"))
                outcomes[c.Id] = new Outcome(c, Status.Failed, Failure: new Failure("generator", mine.First(d => d.Id == "GG9999").GetMessage(), c.Prog, pt.Item1, pt.Item2));
            else if (mine.Count > 0)
                outcomes[c.Id] = new Outcome(c, Status.Rejected, RejectedId: mine[0].Id, Note: mine[0].GetMessage() + " at: " + LineOf(mine[0]));
            else
                outcomes[c.Id] = new Outcome(c, Status.Failed, Failure: new Failure("generator", "no generated members and no error diagnostic", c.Prog, pt.Item1, pt.Item2));
        }
    }

    private static Outcome Run(Compiled comp, int pointsToCheck)
    {
        Case c = comp.Case;
        var interp = new Interpreter(c.Prog);
        bool checkedAny = false;
        int checkedPoints = 0;
        var skipped = new SortedSet<string>(StringComparer.Ordinal);
        double tol = c.Prog.IsFloat ? 1e-3 : 1e-9;
        double tiny = c.Prog.IsFloat ? 1e-5 : 1e-12;
        double marginMin = c.Prog.IsFloat ? 1e-4 : 1e-6;
        foreach (var (point, adj) in c.Points)
        {
            Evaluation ev = interp.Run(point);
            if (ev.Error is not null && ev.Error.Contains("too many steps", StringComparison.Ordinal)) { skipped.Add("endless"); continue; }
            double[] fv;
            try { fv = comp.F!(point); }
            catch (Exception e)
            {
                if (ev.Error is not null) { skipped.Add("F throws"); continue; }
                return new Outcome(c, Status.OracleMismatch, Note: "F threw " + e.GetType().Name + " where the interpreter did not");
            }
            if (ev.Error is not null) return new Outcome(c, Status.OracleMismatch, Note: "interpreter failed where F did not: " + ev.Error);
            if (ev.Bad) { skipped.Add("huge or non-finite"); continue; }
            TamperForTests.Value?.Invoke(ev);
            double[] exactValues = ev.Values ?? new[] { ev.Value };
            if (fv.Length != exactValues.Length || fv.Zip(exactValues).Any(x => BitConverter.DoubleToInt64Bits(x.First) != BitConverter.DoubleToInt64Bits(x.Second)))
                return new Outcome(c, Status.OracleMismatch, Note: $"F = ({string.Join(", ", fv.Select(x => x.ToString("R")))}), interpreter = ({string.Join(", ", exactValues.Select(x => x.ToString("R")))}) at {string.Join(", ", point)}");
            if (ev.MinMargin < marginMin) { skipped.Add("near a branch or kink (" + ev.MarginAt + ")"); continue; }
            checkedAny = true;
            if (++checkedPoints > pointsToCheck) break;
            Failure Fail(string kind, string detail) => new(kind, detail, c.Prog, point, adj);
            // A NaN or infinite gradient is its own kind (an untaken branch evaluated, mostly), so that shrinking keeps the classes apart.
            Failure Wrong(string member, string detail) => detail.StartsWith("nonfinite|", StringComparison.Ordinal)
                ? Fail("wrong:" + member + ":nonfinite", detail["nonfinite|".Length..])
                : Fail("wrong:" + member, detail);
            double[] Call(string name, Func<double[]> f, out Failure? failure)
            {
                failure = null;
                try { return f(); }
                catch (Exception e) { failure = Fail("throws:" + name + ":" + e.GetType().Name, e.Message); return Array.Empty<double>(); }
            }
            if (c.Prog.Vector is { } vector)
            {
                if (CheckVector(comp, vector, ev, fv, point, adj, tol, tiny, Fail, Wrong, Call) is { } vf) return new Outcome(c, Status.Failed, Failure: vf);
                Interlocked.Increment(ref VectorPointsChecked);
                continue;
            }
            int k = ev.Grad.Length;
            double[] g = Call("Gradient", () => comp.G!(point), out Failure? fl);
            if (fl is not null) return new Outcome(c, Status.Failed, Failure: fl);
            if (Compare(g, 0, ev, tol, tiny, null) is string gd) return new Outcome(c, Status.Failed, Failure: Wrong("Gradient", gd));
            double[] vg = Call("ValueAndGradient", () => comp.VG!(point), out fl);
            if (fl is not null) return new Outcome(c, Status.Failed, Failure: fl);
            if (BitConverter.DoubleToInt64Bits(vg[0]) != BitConverter.DoubleToInt64Bits(fv[0]))
                return new Outcome(c, Status.Failed, Failure: Fail("value:ValueAndGradient", $"Value {vg[0]:R}, F {fv[0]:R}"));
            if (Compare(vg, 1, ev, tol, tiny, null) is string vd) return new Outcome(c, Status.Failed, Failure: Wrong("ValueAndGradient", vd));
            double[] pb = Call("Pullback", () => comp.PB!(point, adj), out fl);
            if (fl is not null) return new Outcome(c, Status.Failed, Failure: fl);
            if (BitConverter.DoubleToInt64Bits(pb[0]) != BitConverter.DoubleToInt64Bits(fv[0]))
                return new Outcome(c, Status.Failed, Failure: Fail("value:Pullback", $"Pullback returned {pb[0]:R}, F {fv[0]:R}"));
            if (Compare(pb, 1, ev, tol, tiny, adj) is string pd) return new Outcome(c, Status.Failed, Failure: Wrong("Pullback", pd));
            if (comp.PF is not null)
            {
                // Along the direction adj: the tangent is gradient · adj.
                double[] pf = Call("Pushforward", () => comp.PF(point, adj), out fl);
                if (fl is not null) return new Outcome(c, Status.Failed, Failure: fl);
                if (BitConverter.DoubleToInt64Bits(pf[0]) != BitConverter.DoubleToInt64Bits(fv[0]))
                    return new Outcome(c, Status.Failed, Failure: Fail("value:Pushforward", $"Value {pf[0]:R}, F {fv[0]:R}"));
                if (CompareTangent(pf[1], ev, adj, tol, tiny) is string fd) return new Outcome(c, Status.Failed, Failure: Wrong("Pushforward", fd));
            }
            if (comp.HV is not null && HessianForm.Check(c.Prog, comp.HV, comp.G!, point, adj, differences: ev.MinMargin >= HessianForm.DifferenceMargin, Call, Fail) is { } hf)
                return new Outcome(c, Status.Failed, Failure: hf);
            _ = k;
        }
        return new Outcome(c, checkedAny ? Status.Checked : Status.CompiledUnchecked, Note: checkedAny ? null : "skipped: " + string.Join(", ", skipped));
    }

    internal delegate double[] Caller(string name, Func<double[]> f, out Failure? failure);

    /// <summary>
    /// Vector form at one point: FPullback's adjoints (the starting adjoints + Σ seedₑ·gradientₑ), FJacobian's shape and entries
    /// (row e the exact gradient of element e, the tolerance of a gradient), with Forward FPushforward's value and tangent tuple
    /// (element e: gradientₑ · direction), and FPullback's value (every element bit for bit F's). null when all match.
    /// </summary>
    private static Failure? CheckVector(Compiled comp, VectorSpec vector, Evaluation ev, double[] fv, double[] point, double[] adj, double tol, double tiny,
        Func<string, string, Failure> fail, Func<string, string, Failure> wrong, Caller call)
    {
        int rows = vector.Count, k = ev.Grad.Length;
        double[][] grads = ev.Grads!, bounds = ev.Bounds!;
        string? Bits(double[] got, int off, string what)
        {
            for (int e = 0; e < rows; e++)
            {
                if (BitConverter.DoubleToInt64Bits(got[off + e]) != BitConverter.DoubleToInt64Bits(fv[e]))
                    return $"{what} element {e} {got[off + e]:R}, F {fv[e]:R}";
            }
            return null;
        }

        // The pullback's adjoints, the Jacobian and the tangents before the pullback's value: a wrong value (GradGen's open bug)
        // then hides none of the derivatives.
        double[] pb = call("Pullback", () => comp.PB!(point, adj), out Failure? fl);
        if (fl is not null) return fl;
        if (pb.Length != rows + k) return wrong("Pullback", $"{pb.Length - rows} adjoint components, expected {k}");
        for (int i = 0; i < k; i++)
        {
            double exact = adj[i], allowed = tol * Math.Abs(adj[i]) + tiny;
            for (int e = 0; e < rows; e++)
            {
                exact += vector.Seeds[e] * grads[e][i];
                allowed += tol * Math.Abs(vector.Seeds[e]) * (bounds[e][i] + Math.Abs(grads[e][i]));
            }
            double got = pb[rows + i];
            if (!(Math.Abs(got - exact) <= allowed))
                return wrong("Pullback", (double.IsFinite(got) ? "" : "nonfinite|") + $"component {i} with seeds [{string.Join(", ", vector.Seeds)}]: got {got:R}, expected {exact:R}");
        }

        double[] j = call("Jacobian", () => comp.J!(point), out fl);
        if (fl is not null) return fl;
        if (j.Length < 2 || j[0] != rows || j[1] != k || j.Length != 2 + rows * k)
            return wrong("Jacobian", $"a {(j.Length < 2 ? "?" : j[0] + "×" + j[1])} Jacobian, expected {rows}×{k}");
        for (int e = 0; e < rows; e++)
        {
            for (int i = 0; i < k; i++)
            {
                double got = j[2 + e * k + i], exact = grads[e][i];
                if (!(Math.Abs(got - exact) <= tol * (bounds[e][i] + Math.Abs(exact)) + tiny))
                    return wrong("Jacobian", (double.IsFinite(got) ? "" : "nonfinite|") + $"entry [{e}, {i}]: got {got:R}, expected {exact:R} (bound {bounds[e][i]:R})");
            }
        }

        if (comp.PF is not null)
        {
            double[] pf = call("Pushforward", () => comp.PF(point, adj), out fl);
            if (fl is not null) return fl;
            if (Bits(pf, 0, "Pushforward's Value") is string fvd) return fail("value:Pushforward", fvd);
            for (int e = 0; e < rows; e++)
            {
                var row = new Evaluation { Grad = grads[e], Bound = bounds[e] };
                if (CompareTangent(pf[rows + e], row, adj, tol, tiny) is string fd) return wrong("Pushforward", $"element {e}: " + fd);
            }
        }
        if (Bits(pb, 0, "Pullback returned") is string pv) return fail("value:Pullback", pv);
        return null;
    }

    /// <summary>Points of vector-form programs whose FPullback, FJacobian (and FPushforward) matched: the self-tests require it to grow.</summary>
    public static int VectorPointsChecked;

    /// <summary>Points of Hessian programs whose products passed the symmetry check, and of those the ones also checked against
    /// differences of the gradient: the summary reports both.</summary>
    public static long HessianPointsChecked, HessianDifferencePointsChecked;

    /// <summary>For the self-tests: changes the interpreter's result before it is compared (to show a wrong exact value is reported).</summary>
    internal static readonly AsyncLocal<Action<Evaluation>?> TamperForTests = new();

    /// <summary>null when got[off..] matches the exact gradient (or, with adjoints, before + seed·gradient).</summary>
    private static string? Compare(double[] got, int off, Evaluation ev, double tol, double tiny, double[]? before)
    {
        int k = ev.Grad.Length;
        if (got.Length - off != k) return $"{got.Length - off} components, expected {k}";
        for (int i = 0; i < k; i++)
        {
            double exact = ev.Grad[i], bound = ev.Bound[i], g = got[off + i];
            double allowed;
            if (before is null) allowed = tol * (bound + Math.Abs(exact)) + tiny;
            else
            {
                allowed = tol * (Math.Abs(before[i]) + Seed * (bound + Math.Abs(exact))) + tiny;
                exact = before[i] + Seed * exact;
            }
            if (!(Math.Abs(g - exact) <= allowed))
                return (double.IsFinite(g) ? "" : "nonfinite|") + $"component {i}: got {g:R}, expected {exact:R} (bound {bound:R})";
        }
        return null;
    }

    /// <summary>null when <paramref name="tangent"/> matches the exact directional derivative Σ gradient[i] · direction[i].</summary>
    private static string? CompareTangent(double tangent, Evaluation ev, double[] direction, double tol, double tiny)
    {
        if (direction.Length != ev.Grad.Length) return $"a direction of {direction.Length} components, expected {ev.Grad.Length}";
        double exact = 0, allowed = tiny;
        for (int i = 0; i < direction.Length; i++)
        {
            exact += ev.Grad[i] * direction[i];
            allowed += tol * Math.Abs(direction[i]) * (ev.Bound[i] + Math.Abs(ev.Grad[i]));
        }
        return Math.Abs(tangent - exact) <= allowed ? null
            : (double.IsFinite(tangent) ? "" : "nonfinite|") + $"tangent along [{string.Join(", ", direction)}]: got {tangent:R}, expected {exact:R}";
    }

    /// <summary>Checks one program alone at every one of the given points (shrinking, regression files, known bugs).</summary>
    public static Outcome CheckOne(Prog p, IReadOnlyList<(double[] Point, double[] Adjoint)> points) =>
        CheckBatch(new[] { new Case(999_999_999, p, points) }, int.MaxValue)[0];
}
