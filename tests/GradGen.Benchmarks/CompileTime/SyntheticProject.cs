using System.Globalization;
using System.Text;

namespace GradGen.Benchmarks.CompileTime;

/// <summary>
/// The source of a synthetic project of many [Differentiable] methods, spread over files of
/// <see cref="MethodsPerFile"/> methods each. Six shapes take turns: straight-line scalar code with
/// Math calls, a loop over spans (an MSE), a loop over an array with Log/Exp/Tanh/Pow, a Rosenbrock
/// over a span, a call to another differentiable method, and float code with MathF.
/// </summary>
public static class SyntheticProject
{
    public const int MethodsPerFile = 50;

    /// <summary>The shape index of the method that <see cref="EditedFile"/> changes: a loop over spans.</summary>
    private const int EditedShape = 1;

    /// <summary>The files of a project of <paramref name="methodCount"/> methods: (path, source).</summary>
    public static IReadOnlyList<(string Path, string Source)> Files(int methodCount)
    {
        var files = new List<(string, string)>();
        for (int file = 0; file * MethodsPerFile < methodCount; file++)
        {
            files.Add(($"Synthetic{file}.cs", File(file, Math.Min(MethodsPerFile, methodCount - file * MethodsPerFile), editedMethod: -1)));
        }
        return files;
    }

    /// <summary>
    /// File <paramref name="file"/> again, with the body of one of its methods edited (a constant in
    /// its loop changes); returns the file's source and the edited method's name.
    /// </summary>
    public static (string Source, string MethodName) EditedFile(int file, int methodCount)
    {
        int count = Math.Min(MethodsPerFile, methodCount - file * MethodsPerFile);
        int local = Enumerable.Range(0, count).First(m => Shape(file * MethodsPerFile + m) == EditedShape && m >= count / 2);
        return (File(file, count, local), Name(file * MethodsPerFile + local));
    }

    private static int Shape(int method) => method % 6;

    /// <summary>The shape of the method named <paramref name="methodName"/> ("M0042"), in words.</summary>
    public static string ShapeOf(string methodName) =>
        Shape(int.Parse(methodName.AsSpan(1), NumberStyles.Integer, CultureInfo.InvariantCulture)) switch
        {
            0 => "straight-line, Math calls",
            1 => "loop over spans (MSE)",
            2 => "loop over an array, Log/Exp/Tanh/Pow",
            3 => "Rosenbrock over a span",
            4 => "calls another [Differentiable] method",
            _ => "float, MathF",
        };

    private static string Name(int method) => "M" + method.ToString("D4", CultureInfo.InvariantCulture);

    private static string C(int method, int k) =>
        (1.0 + ((method * 7 + k * 13) % 97) / 64.0).ToString("0.0###############", CultureInfo.InvariantCulture);

    private static string File(int file, int count, int editedMethod)
    {
        var sb = new StringBuilder();
        sb.AppendLine("using System;");
        sb.AppendLine("using GradGen;");
        sb.AppendLine();
        sb.AppendLine("namespace SyntheticProject;");
        sb.AppendLine();
        sb.AppendLine($"public static partial class Synthetic{file}");
        sb.AppendLine("{");
        for (int local = 0; local < count; local++)
        {
            int m = file * MethodsPerFile + local;
            string edit = local == editedMethod ? " + 0.25" : "";
            string name = Name(m);
            switch (Shape(m))
            {
                case 0:
                    sb.AppendLine($$"""
                            [Differentiable]
                            public static double {{name}}(double x, double y)
                            {
                                double a = x * y + {{C(m, 1)}};
                                double b = Math.Sin(a) * x - y / {{C(m, 2)}};
                                double c = a * b + Math.Exp(-y * {{C(m, 3)}});
                                return c * c + Math.Sqrt(x * x + 1.0);
                            }

                        """);
                    break;
                case 1:
                    sb.AppendLine($$"""
                            [Differentiable]
                            public static double {{name}}(double w, double b, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys)
                            {
                                double sum = 0;
                                for (int i = 0; i < xs.Length; i++)
                                {
                                    double r = ys[i] - (w * xs[i] + b * {{C(m, 1)}}{{edit}});
                                    sum += r * r;
                                }
                                return sum / xs.Length;
                            }

                        """);
                    break;
                case 2:
                    sb.AppendLine($$"""
                            [Differentiable]
                            public static double {{name}}(double[] v, double s)
                            {
                                double acc = 0;
                                for (int k = 0; k < v.Length; k++)
                                {
                                    acc += Math.Log(1.0 + Math.Exp(-s * v[k])) + Math.Tanh(v[k] * {{C(m, 1)}});
                                }
                                return acc + Math.Pow(s, 2.0) * {{C(m, 2)}};
                            }

                        """);
                    break;
                case 3:
                    sb.AppendLine($$"""
                            [Differentiable]
                            public static double {{name}}(ReadOnlySpan<double> x)
                            {
                                double f = 0;
                                for (int k = 0; k < x.Length - 1; k++)
                                {
                                    double a = x[k + 1] - x[k] * x[k];
                                    double c = {{C(m, 1)}} - x[k];
                                    f += 100.0 * a * a + c * c;
                                }
                                return Math.Atan(f);
                            }

                        """);
                    break;
                case 4:
                    // Calls the straight-line method four places up (shape 0): differentiated
                    // through that method's generated pullback.
                    sb.AppendLine($$"""
                            [Differentiable]
                            public static double {{name}}(double x, double y)
                            {
                                double inner = Synthetic{{(m - 4) / MethodsPerFile}}.{{Name(m - 4)}}(x, y * {{C(m, 1)}});
                                return inner * x + Math.Cos(y) / (1.0 + x * x);
                            }

                        """);
                    break;
                default:
                    sb.AppendLine($$"""
                            [Differentiable]
                            public static float {{name}}(float x, float y)
                            {
                                float r = MathF.Sqrt(x * x + y * y + {{C(m, 1)}}f);
                                return r * MathF.Cos(x - y) + MathF.Log(1f + r);
                            }

                        """);
                    break;
            }
        }
        sb.AppendLine("}");
        return sb.ToString();
    }
}
