using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emit
{
    /// <summary>The second-order members of a method marked <c>[Differentiable(Hessian = true)]</c>: <c>FHessianVectorProduct</c>
    /// (forward mode pushed through the gradient) and <c>FHessian</c>, which calls it once per scalar input.</summary>
    internal static partial class MemberEmitter
    {
        private static void WriteHessianVectorProduct(SourceWriter w, MethodModel model, DerivativeBody body, System.Func<Intrinsic, FunctionSpelling> spelling)
        {
            var taken = new HashSet<string>(model.Parameters.Select(p => p.Name), System.StringComparer.Ordinal);
            var renamed = new List<Variable>();
            var directionParameters = new Dictionary<ParameterModel, string>();
            var directionNames = new Dictionary<ParameterModel, string>();
            foreach ((ParameterModel p, Variable direction) in body.Adjoints)
            {
                string name = Naming.Unique(p.Name + "Direction", taken);
                taken.Add(name);
                renamed.Add(direction with { Name = name });
                directionNames[p] = name;
                directionParameters[p] = TypeNames.Of(GeneratedMembers.TangentType(p.Type)) + " " + name;
            }

            List<ParameterModel> d = Differentiable(model);
            w.WriteLine("/// <summary>");
            w.WriteLine("/// The Hessian-vector product of <c>" + Xml(model.DocumentationId) + "</c>: its matrix of second derivatives with respect to " + WithRespectTo(model) + " times");
            w.WriteLine("/// the direction, computed by forward-over-reverse differentiation (the gradient pushed forward along the direction) in about the cost of a few gradients.");
            w.WriteLine("/// </summary>");
            WriteParameterDocs(w, model);
            foreach (ParameterModel p in d)
            {
                w.WriteLine("/// <param name=\"" + directionNames[p] + "\">The direction's component along <c>" + p.Name + "</c>" + (p.Type.IsScalar ? "" : ", element by element; at least as long as it") + ".</param>");
            }

            w.WriteLine("/// <returns>H·v, shaped as <c>" + Xml(model.GradientName) + "</c> returns the gradient" + (d.Any(p => !p.Type.IsScalar) ? " (new arrays for array and span parameters)" : string.Empty) + ".</returns>");
            if (d.Any(p => !p.Type.IsScalar))
            {
                w.WriteLine("/// <exception cref=\"global::System.ArgumentException\">A direction is shorter than its parameter.</exception>");
            }

            w.WriteLine(GeneratedCodeAttribute);
            w.WriteLine(DerivativeOf(model, GeneratedMemberKind.HessianVectorProduct));
            List<string> parameters = ParameterTexts(model, forPullback: true);
            string all = string.Join(", ", GeneratedMembers.Parameters(GeneratedMemberKind.HessianVectorProduct, model.Parameters.Select(p => p.IsDifferentiable).ToArray()).Select(slot => slot.Kind switch
            {
                SlotKind.Parameter => parameters[slot.Index],
                _ => directionParameters[model.Parameters[slot.Index]],
            }));
            w.WriteLine(Modifiers(model) + GradientReturnType(model) + " " + model.HessianVectorProductName + TypeParameters(model) + "(" + all + ")" + Constraints(model));
            WriteBody(w, model, body, renamed, spelling);
        }

        /// <summary>
        /// <c>FHessian</c>: a new symmetric <c>T[K, K]</c>, K the scalar differentiable inputs in declaration order (arrays
        /// flattened in order), column j the Hessian-vector product with the j-th unit vector. The two halves, which agree up
        /// to rounding, are averaged so that the result is exactly symmetric.
        /// </summary>
        private static void WriteHessian(SourceWriter w, MethodModel model)
        {
            List<ParameterModel> d = Differentiable(model);
            string t = TypeNames.Of(model.ReturnType);
            var taken = new HashSet<string>(model.Parameters.Select(p => p.Name), System.StringComparer.Ordinal);
            string Fresh(string preferred)
            {
                string name = Naming.Unique(preferred, taken);
                taken.Add(name);
                return name;
            }

            string hessian = Fresh("_hessian"), size = Fresh("_n"), column = Fresh("_column"), row = Fresh("_row");
            string iName = Fresh("_i"), jName = Fresh("_j"), product = Fresh("_hv"), mean = Fresh("_mean");
            string columnRow = Fresh("_k"), innerName = Fresh("_l");
            List<string> holders = d.Select(p => Fresh("_v_" + p.Name)).ToList();

            w.WriteLine("/// <summary>");
            w.WriteLine("/// The Hessian of <c>" + Xml(model.DocumentationId) + "</c>: the symmetric matrix of its second partial derivatives with respect to the");
            w.WriteLine("/// scalar differentiable inputs (" + string.Join(", ", d.Select(p => p.Name)) + ", arrays flattened in order), one Hessian-vector product per column.");
            w.WriteLine("/// </summary>");
            WriteParameterDocs(w, model);
            w.WriteLine("/// <returns>A new square array of the second partial derivatives, symmetric.</returns>");
            w.WriteLine(GeneratedCodeAttribute);
            w.WriteLine(DerivativeOf(model, GeneratedMemberKind.Hessian));
            w.WriteLine(Modifiers(model) + t + "[,] " + model.HessianName + TypeParameters(model) + "(" + ParameterList(model, forPullback: false) + ")" + Constraints(model));
            w.OpenBrace();
            w.WriteLine("int " + size + " = " + d.Count(p => p.Type.IsScalar) + ";");
            foreach (ParameterModel p in d.Where(p => !p.Type.IsScalar))
            {
                string source = Printer.Escape(p.Name);
                w.WriteLine(p.Type.Shape == Shape.Jagged
                    ? "for (int " + iName + " = 0; " + iName + " < " + source + ".Length; " + iName + "++) " + size + " += " + source + "[" + iName + "].Length;"
                    : size + " += " + source + ".Length;");
            }

            w.WriteLine(t + "[,] " + hessian + " = new " + t + "[" + size + ", " + size + "];");
            for (int k = 0; k < d.Count; k++)
            {
                // The direction, one holder per input shaped like it: zero but for the unit element of the column.
                ParameterModel p = d[k];
                string source = Printer.Escape(p.Name);
                string element = TypeNames.Of(p.Type.WithShape(Shape.Scalar));
                switch (p.Type.Shape)
                {
                    case Shape.Scalar:
                        w.WriteLine(element + " " + holders[k] + " = " + Zero(p.Type) + ";");
                        break;
                    case Shape.Matrix:
                        w.WriteLine(element + "[,] " + holders[k] + " = new " + element + "[" + source + ".GetLength(0), " + source + ".GetLength(1)];");
                        break;
                    case Shape.Jagged:
                        w.WriteLine(element + "[][] " + holders[k] + " = new " + element + "[" + source + ".Length][];");
                        w.WriteLine("for (int " + iName + " = 0; " + iName + " < " + holders[k] + ".Length; " + iName + "++) " + holders[k] + "[" + iName + "] = new " + element + "[" + source + "[" + iName + "].Length];");
                        break;
                    default:
                        w.WriteLine(element + "[] " + holders[k] + " = new " + element + "[" + source + ".Length];");
                        break;
                }
            }

            // The loops over the elements of an input (none for a scalar), in the order FHessian flattens them.
            void ForEachElement(ParameterModel p, string source, string i, string j, System.Action<string> body)
            {
                switch (p.Type.Shape)
                {
                    case Shape.Scalar:
                        body(source);
                        return;
                    case Shape.Matrix:
                        w.WriteLine("for (int " + i + " = 0; " + i + " < " + source + ".GetLength(0); " + i + "++)");
                        w.OpenBrace();
                        w.WriteLine("for (int " + j + " = 0; " + j + " < " + source + ".GetLength(1); " + j + "++)");
                        w.OpenBrace();
                        body(source + "[" + i + ", " + j + "]");
                        w.CloseBrace();
                        w.CloseBrace();
                        return;
                    case Shape.Jagged:
                        w.WriteLine("for (int " + i + " = 0; " + i + " < " + source + ".Length; " + i + "++)");
                        w.OpenBrace();
                        w.WriteLine("for (int " + j + " = 0; " + j + " < " + source + "[" + i + "].Length; " + j + "++)");
                        w.OpenBrace();
                        body(source + "[" + i + "][" + j + "]");
                        w.CloseBrace();
                        w.CloseBrace();
                        return;
                    default:
                        w.WriteLine("for (int " + j + " = 0; " + j + " < " + source + ".Length; " + j + "++)");
                        w.OpenBrace();
                        body(source + "[" + j + "]");
                        w.CloseBrace();
                        return;
                }
            }

            w.WriteLine("int " + column + " = 0;");
            string Invocation() => model.HessianVectorProductName + TypeParameters(model) + "(" + string.Join(", ", new[] { Arguments(model) }.Concat(holders).Where(a => a.Length > 0)) + ")";
            for (int k = 0; k < d.Count; k++)
            {
                ParameterModel p = d[k];
                if (p.Type.IsScalar) w.OpenBrace();
                ForEachElement(p, holders[k], columnRow, jName, slot =>
                {
                    w.WriteLine(slot + " = " + One(p.Type) + ";");
                    w.WriteLine("var " + product + " = " + Invocation() + ";");
                    w.WriteLine(slot + " = " + Zero(p.Type) + ";");
                    w.WriteLine("int " + row + " = 0;");
                    for (int q = 0; q < d.Count; q++)
                    {
                        ParameterModel r = d[q];
                        string part = d.Count == 1 ? product : product + "." + Printer.Escape(r.Name);
                        string cast = r.Type.Scalar == model.ReturnType.Scalar || model.ReturnType.Scalar == ScalarKind.Double ? string.Empty
                            : model.ReturnType.Scalar == ScalarKind.Generic ? string.Empty // a generic method computes in T throughout
                            : "(" + t + ")";
                        if (r.Type.IsScalar)
                        {
                            w.WriteLine(hessian + "[" + row + "++, " + column + "] = " + cast + part + ";");
                        }
                        else if (!r.Type.IsGrid)
                        {
                            w.WriteLine("for (int " + iName + " = 0; " + iName + " < " + part + ".Length; " + iName + "++) " + hessian + "[" + row + "++, " + column + "] = " + cast + part + "[" + iName + "];");
                        }
                        else
                        {
                            ForEachElement(r, part, iName, innerName, value => w.WriteLine(hessian + "[" + row + "++, " + column + "] = " + cast + value + ";"));
                        }
                    }

                    w.WriteLine(column + "++;");
                });
                if (p.Type.IsScalar) w.CloseBrace();
            }

            // H is symmetric; its columns, computed one at a time, agree with its rows up to rounding: take the mean.
            w.WriteLine("for (int " + iName + " = 0; " + iName + " < " + size + "; " + iName + "++)");
            w.OpenBrace();
            w.WriteLine("for (int " + jName + " = 0; " + jName + " < " + iName + "; " + jName + "++)");
            w.OpenBrace();
            w.WriteLine(t + " " + mean + " = (" + hessian + "[" + iName + ", " + jName + "] + " + hessian + "[" + jName + ", " + iName + "]) * " + Literals.Real(0.5, model.ReturnType.Scalar) + ";");
            w.WriteLine(hessian + "[" + iName + ", " + jName + "] = " + mean + ";");
            w.WriteLine(hessian + "[" + jName + ", " + iName + "] = " + mean + ";");
            w.CloseBrace();
            w.CloseBrace();
            w.WriteLine("return " + hessian + ";");
            w.CloseBrace();
        }
    }
}
