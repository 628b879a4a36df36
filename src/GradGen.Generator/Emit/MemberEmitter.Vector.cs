using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emit
{
    /// <summary>The members of a vector-valued method (a tuple of reals): <c>FPullback</c> with a seed per element and
    /// <c>FJacobian</c>, which calls the pullback once per row or the pushforward once per column.</summary>
    internal static partial class MemberEmitter
    {
        /// <summary>The method's result type as generated members spell it: the real type, or for a vector-valued method the
        /// tuple of its elements with their names (<c>ItemN</c> for an unnamed one, which C# allows at position N).</summary>
        private static string ResultType(MethodModel model) =>
            model.Vector is not { } vector ? TypeNames.Of(model.ReturnType)
            : "(" + string.Join(", ", vector.Names.Select(n => TypeNames.Of(model.ReturnType) + " " + Printer.Escape(n))) + ")";

        private static void WriteVectorPullback(SourceWriter w, MethodModel model, DerivativeBody body, System.Func<Intrinsic, FunctionSpelling> spelling)
        {
            VectorResult vector = model.Vector!;
            List<ParameterModel> d = Differentiable(model);
            var taken = new HashSet<string>(model.Parameters.Select(p => p.Name), System.StringComparer.Ordinal);
            foreach (Variable seed in vector.Seeds) taken.Add(seed.Name); // the front end reports a parameter of that name (GG0018)
            var renamed = new List<Variable>(vector.Seeds);
            var adjointParameters = new Dictionary<ParameterModel, string>();
            var adjointNames = new List<string>();
            foreach ((ParameterModel p, Variable adjoint) in body.Adjoints)
            {
                string name = Naming.Unique(adjoint.Name, taken);
                taken.Add(name);
                renamed.Add(adjoint with { Name = name });
                adjointNames.Add(name);
                adjointParameters[p] = (GeneratedMembers.AdjointIsByRef(p.Type) ? "ref " : string.Empty) + TypeNames.Of(GeneratedMembers.AdjointType(p.Type)) + " " + name;
            }

            string elementType = TypeNames.Of(model.ReturnType);
            w.WriteLine("/// <summary>");
            w.WriteLine("/// The pullback (vector-Jacobian product) of <c>" + Xml(model.DocumentationId) + "</c>: returns its value and adds the sum over its");
            w.WriteLine("/// result's elements of each seed times that element's gradient (Jᵀ·seed) into the adjoints, which it only ever adds to. It allocates nothing on the managed heap.");
            w.WriteLine("/// </summary>");
            w.WriteLine("/// <remarks>Seeds 1 for one element and 0 for the others give that element's gradient; zero the adjoints first.</remarks>");
            WriteParameterDocs(w, model);
            for (int i = 0; i < vector.Count; i++)
            {
                w.WriteLine("/// <param name=\"" + vector.Seeds[i].Name + "\">The adjoint of the element <c>" + vector.Names[i] + "</c> of the result.</param>");
            }

            for (int i = 0; i < d.Count; i++)
            {
                ParameterModel p = d[i];
                w.WriteLine("/// <param name=\"" + adjointNames[i] + "\">Receives Jᵀ·seed's part for <c>" + p.Name + "</c>" + (p.Type.IsScalar ? "" : ", element by element; at least as long as it") + ".</param>");
            }

            w.WriteLine("/// <returns>The value of <c>" + Xml(model.Name) + "</c>: the same bits it returns.</returns>");
            if (d.Any(p => !p.Type.IsScalar))
            {
                w.WriteLine("/// <exception cref=\"global::System.ArgumentException\">An adjoint span is shorter than its parameter.</exception>");
            }

            w.WriteLine(GeneratedCodeAttribute);
            w.WriteLine(DerivativeOf(model, GeneratedMemberKind.Pullback));
            List<string> parameters = ParameterTexts(model, forPullback: true);
            string all = string.Join(", ", GeneratedMembers.Parameters(GeneratedMemberKind.Pullback, model.Parameters.Select(p => p.IsDifferentiable).ToArray(), vector.Count).Select(slot => slot.Kind switch
            {
                SlotKind.Parameter => parameters[slot.Index],
                SlotKind.Seed => elementType + " " + vector.Seeds[slot.Index].Name,
                _ => adjointParameters[model.Parameters[slot.Index]],
            }));
            w.WriteLine(Modifiers(model) + ResultType(model) + " " + model.PullbackName + TypeParameters(model) + "(" + all + ")" + Constraints(model));
            WriteBody(w, model, body, renamed, spelling);
        }

        /// <summary>
        /// <c>FJacobian</c>: a new <c>T[m, n]</c>, row i the gradient of element i, columns the scalar differentiable inputs in
        /// declaration order (arrays flattened in order, row by row). With fewer rows than columns it calls the pullback once
        /// per row (seed 1 for that element); otherwise the pushforward once per column (tangent 1 for that input). When the
        /// parameters include arrays the number of columns is known only at run time, and so is the choice.
        /// </summary>
        private static void WriteJacobian(SourceWriter w, MethodModel model)
        {
            VectorResult vector = model.Vector!;
            List<ParameterModel> d = Differentiable(model);
            int m = vector.Count;
            string t = TypeNames.Of(model.ReturnType);
            var taken = new HashSet<string>(model.Parameters.Select(p => p.Name), System.StringComparer.Ordinal);
            string Fresh(string preferred)
            {
                string name = Naming.Unique(preferred, taken);
                taken.Add(name);
                return name;
            }

            string jacobian = Fresh("_jacobian"), columns = Fresh("_columns"), column = Fresh("_column"), row = Fresh("_row");
            string iName = Fresh("_i"), jName = Fresh("_j"), tangent = Fresh("_tangent");
            List<string> holders = d.Select(p => Fresh("_d_" + p.Name)).ToList();

            w.WriteLine("/// <summary>");
            w.WriteLine("/// The Jacobian of <c>" + Xml(model.DocumentationId) + "</c>: row i is the gradient of the result's element i (" + string.Join(", ", vector.Names) + "),");
            w.WriteLine("/// column j the derivative with respect to the j-th scalar differentiable input (" + string.Join(", ", d.Select(p => p.Name)) + ", arrays flattened in order).");
            w.WriteLine("/// </summary>");
            w.WriteLine("/// <remarks>Built in reverse mode (one pullback per row) when there are fewer rows than columns, otherwise in forward mode (one pushforward per column).</remarks>");
            WriteParameterDocs(w, model);
            w.WriteLine("/// <returns>A new " + m + "-row array of the partial derivatives.</returns>");
            w.WriteLine(GeneratedCodeAttribute);
            w.WriteLine(DerivativeOf(model, GeneratedMemberKind.Jacobian));
            w.WriteLine(Modifiers(model) + t + "[,] " + model.JacobianName + TypeParameters(model) + "(" + ParameterList(model, forPullback: false) + ")" + Constraints(model));
            w.OpenBrace();

            int scalarColumns = d.Count(p => p.Type.IsScalar);
            bool known = d.All(p => p.Type.IsScalar);
            if (known)
            {
                w.WriteLine(t + "[,] " + jacobian + " = new " + t + "[" + m + ", " + scalarColumns + "];");
            }
            else
            {
                w.WriteLine("int " + columns + " = " + scalarColumns + ";");
                foreach (ParameterModel p in d.Where(p => !p.Type.IsScalar))
                {
                    string source = Printer.Escape(p.Name);
                    if (p.Type.Shape == Shape.Jagged)
                    {
                        w.WriteLine("for (int " + iName + " = 0; " + iName + " < " + source + ".Length; " + iName + "++) " + columns + " += " + source + "[" + iName + "].Length;");
                    }
                    else
                    {
                        w.WriteLine(columns + " += " + source + ".Length;");
                    }
                }

                w.WriteLine(t + "[,] " + jacobian + " = new " + t + "[" + m + ", " + columns + "];");
            }

            // Each flattened input: the loops over its elements, and the element of a holder of its shape.
            void ForEachElement(ParameterModel p, System.Action<System.Func<string, string>> body) =>
                ElementLoops(w, p.Type, Printer.Escape(p.Name), iName, jName, body);

            void Holders()
            {
                for (int k = 0; k < d.Count; k++)
                {
                    ParameterModel p = d[k];
                    string source = Printer.Escape(p.Name);
                    string element = TypeNames.Of(p.Type.WithShape(Shape.Scalar));
                    string name = holders[k];
                    switch (p.Type.Shape)
                    {
                        case Shape.Scalar:
                            w.WriteLine(element + " " + name + " = " + Zero(p.Type) + ";");
                            break;
                        case Shape.Matrix:
                            w.WriteLine(element + "[,] " + name + " = new " + element + "[" + source + ".GetLength(0), " + source + ".GetLength(1)];");
                            break;
                        case Shape.Jagged:
                            w.WriteLine(element + "[][] " + name + " = new " + element + "[" + source + ".Length][];");
                            w.WriteLine("for (int " + iName + " = 0; " + iName + " < " + name + ".Length; " + iName + "++) " + name + "[" + iName + "] = new " + element + "[" + source + "[" + iName + "].Length];");
                            break;
                        default:
                            // A short holder is on the stack (C# 8 lets stackalloc be an operand of ?:): FJacobian then allocates
                            // only the array it returns.
                            w.WriteLine(model.HasNullableAnnotations
                                ? "global::System.Span<" + element + "> " + name + " = " + source + ".Length <= " + StackHolderLength + " ? stackalloc " + element + "[" + source + ".Length] : new " + element + "[" + source + ".Length];"
                                : element + "[] " + name + " = new " + element + "[" + source + ".Length];");
                            break;
                    }
                }
            }

            string Call(string member, IEnumerable<string> extra) =>
                member + "(" + string.Join(", ", new[] { Arguments(model) }.Concat(extra).Where(a => a.Length > 0)) + ")";

            void Reverse()
            {
                Holders();
                w.WriteLine("for (int " + row + " = 0; " + row + " < " + m + "; " + row + "++)");
                w.OpenBrace();
                for (int k = 0; k < d.Count; k++)
                {
                    ParameterModel p = d[k];
                    string name = holders[k];
                    switch (p.Type.Shape)
                    {
                        case Shape.Scalar:
                            w.WriteLine(name + " = " + Zero(p.Type) + ";");
                            break;
                        case Shape.Jagged:
                            w.WriteLine("for (int " + iName + " = 0; " + iName + " < " + name + ".Length; " + iName + "++) global::System.Array.Clear(" + name + "[" + iName + "], 0, " + name + "[" + iName + "].Length);");
                            break;
                        case Shape.Matrix:
                            w.WriteLine("global::System.Array.Clear(" + name + ", 0, " + name + ".Length);");
                            break;
                        default:
                            w.WriteLine(model.HasNullableAnnotations ? name + ".Clear();" : "global::System.Array.Clear(" + name + ", 0, " + name + ".Length);");
                            break;
                    }
                }

                var extra = new List<string>();
                for (int i = 0; i < m; i++) extra.Add(row + " == " + i.ToString(CultureInfo.InvariantCulture) + " ? " + One(model.ReturnType) + " : " + Zero(model.ReturnType));
                extra.AddRange(d.Select((p, k) => (GeneratedMembers.AdjointIsByRef(p.Type) ? "ref " : string.Empty) + holders[k]));
                w.WriteLine(Call(model.PullbackName, extra) + ";");
                w.WriteLine("int " + column + " = 0;");
                for (int k = 0; k < d.Count; k++)
                {
                    ParameterModel p = d[k];
                    string cast = p.Type.Scalar == model.ReturnType.Scalar || model.ReturnType.Scalar == ScalarKind.Double ? string.Empty : "(" + t + ")";
                    ForEachElement(p, at => w.WriteLine(jacobian + "[" + row + ", " + column + "++] = " + cast + at(holders[k]) + ";"));
                }

                w.CloseBrace();
            }

            void Forward()
            {
                Holders();
                w.WriteLine("int " + column + " = 0;");
                for (int k = 0; k < d.Count; k++)
                {
                    ParameterModel p = d[k];
                    ForEachElement(p, at =>
                    {
                        string slot = at(holders[k]);
                        if (p.Type.IsScalar) w.OpenBrace();
                        w.WriteLine(slot + " = " + One(p.Type) + ";");
                        w.WriteLine("var " + tangent + " = " + Call(model.PushforwardName, holders) + ".Tangent;");
                        for (int i = 0; i < m; i++)
                        {
                            w.WriteLine(jacobian + "[" + i.ToString(CultureInfo.InvariantCulture) + ", " + column + "] = " + tangent + ".Item" + (i + 1).ToString(CultureInfo.InvariantCulture) + ";");
                        }

                        w.WriteLine(column + "++;");
                        w.WriteLine(slot + " = " + Zero(p.Type) + ";");
                        if (p.Type.IsScalar) w.CloseBrace();
                    });
                }
            }

            if (known)
            {
                // The number of columns is known here: one mode, chosen now.
                if (m < scalarColumns) Reverse();
                else Forward();
            }
            else
            {
                w.WriteLine("if (" + m + " < " + columns + ")");
                w.OpenBrace();
                Reverse();
                w.CloseBrace();
                w.WriteLine("else");
                w.OpenBrace();
                Forward();
                w.CloseBrace();
            }

            w.WriteLine("return " + jacobian + ";");
            w.CloseBrace();
        }

        /// <summary>The longest array or span parameter whose adjoint or tangent FJacobian holds on the stack (C# 8 and later).</summary>
        private const int StackHolderLength = 256;

        /// <summary>The loops over the elements of <paramref name="source"/>, a value of <paramref name="type"/> (none for a scalar),
        /// row by row, with <paramref name="i"/> and <paramref name="j"/> as counters; <paramref name="body"/> gets how to index a
        /// value of the same shape at the current element (<c>h =&gt; h[i][j]</c>).</summary>
        private static void ElementLoops(SourceWriter w, TypeRef type, string source, string i, string j, System.Action<System.Func<string, string>> body)
        {
            switch (type.Shape)
            {
                case Shape.Scalar:
                    body(h => h);
                    return;
                case Shape.Matrix:
                    w.WriteLine("for (int " + i + " = 0; " + i + " < " + source + ".GetLength(0); " + i + "++)");
                    w.OpenBrace();
                    w.WriteLine("for (int " + j + " = 0; " + j + " < " + source + ".GetLength(1); " + j + "++)");
                    w.OpenBrace();
                    body(h => h + "[" + i + ", " + j + "]");
                    w.CloseBrace();
                    w.CloseBrace();
                    return;
                case Shape.Jagged:
                    w.WriteLine("for (int " + i + " = 0; " + i + " < " + source + ".Length; " + i + "++)");
                    w.OpenBrace();
                    w.WriteLine("for (int " + j + " = 0; " + j + " < " + source + "[" + i + "].Length; " + j + "++)");
                    w.OpenBrace();
                    body(h => h + "[" + i + "][" + j + "]");
                    w.CloseBrace();
                    w.CloseBrace();
                    return;
                default:
                    w.WriteLine("for (int " + j + " = 0; " + j + " < " + source + ".Length; " + j + "++)");
                    w.OpenBrace();
                    body(h => h + "[" + j + "]");
                    w.CloseBrace();
                    return;
            }
        }

        private static string Zero(TypeRef type) => Literals.Real(0, type.Scalar);

        private static string One(TypeRef type) => Literals.Real(1, type.Scalar);
    }
}
