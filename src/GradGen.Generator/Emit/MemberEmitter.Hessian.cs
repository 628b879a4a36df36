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
            var taken = new HashSet<string>(model.Parameters.Select(p => p.Name).Concat(ModelEmitter.Leaves(model).Select(v => v.Name)), System.StringComparer.Ordinal);
            string Fresh(string preferred)
            {
                string name = Naming.Unique(preferred, taken);
                taken.Add(name);
                return name;
            }

            var renamed = new List<Variable>();
            var directionParameters = new Dictionary<ParameterModel, string>();
            var directionNames = new Dictionary<ParameterModel, string>();
            string? thisDirection = model.This is null ? null : Fresh("thisDirection");
            foreach (ParameterModel p in model.Parameters.Where(p => p.IsDifferentiable && p.Model is not null))
            {
                // The direction along a model-type parameter: a value of its type, read into the leaves' tangents.
                string name = Fresh(p.Name + "Direction");
                directionNames[p] = name;
                directionParameters[p] = TypeNames.Of(p.Type) + " " + name;
            }

            HashSet<int> leafIds = ModelEmitter.LeafIds(model);
            var leafTangents = new Dictionary<int, Variable>();
            foreach ((ParameterModel p, Variable direction) in body.Adjoints)
            {
                if (leafIds.Contains(p.Variable.Id))
                {
                    string leaf = Fresh(direction.Name);
                    renamed.Add(direction with { Name = leaf });
                    leafTangents[p.Variable.Id] = direction with { Name = leaf };
                    continue;
                }

                string name = Fresh(p.Name + "Direction");
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
            if (thisDirection is not null)
            {
                w.WriteLine("/// <param name=\"" + thisDirection + "\">The direction's component along this instance" + ModelEmitter.MemberByMember(model.This!) + ".</param>");
            }

            foreach (ParameterModel p in d)
            {
                w.WriteLine("/// <param name=\"" + directionNames[p] + "\">The direction's component along <c>" + p.Name + "</c>"
                    + (p.Model is not null ? ModelEmitter.MemberByMember(p.Model) : p.Type.IsScalar ? "" : ", element by element; at least as long as it") + ".</param>");
            }

            bool arrays = d.Any(p => p.Model is null ? !p.Type.IsScalar : ModelEmitter.MayThrow(p.Model)) || model.This is { } self && ModelEmitter.MayThrow(self);
            w.WriteLine("/// <returns>H·v, shaped as <c>" + Xml(model.GradientName) + "</c> returns the gradient" + (arrays ? " (new arrays for array and span parameters)" : string.Empty) + ".</returns>");
            if (arrays)
            {
                bool objects = d.Any(p => p.Model is { Shape.IsReferenceType: true }) || model.This is { Shape.IsReferenceType: true };
                w.WriteLine("/// <exception cref=\"global::System.ArgumentException\">A direction is shorter than its parameter" + (objects ? ", or a direction object is null" : string.Empty) + ".</exception>");
            }

            w.WriteLine(GeneratedCodeAttribute);
            w.WriteLine(DerivativeOf(model, GeneratedMemberKind.HessianVectorProduct));
            List<string> parameters = ParameterTexts(model, forPullback: true);
            List<string> texts = GeneratedMembers.Parameters(GeneratedMemberKind.HessianVectorProduct, model.Parameters.Select(p => p.IsDifferentiable).ToArray()).Select(slot => slot.Kind switch
            {
                SlotKind.Parameter => parameters[slot.Index],
                _ => directionParameters[model.Parameters[slot.Index]],
            }).ToList();
            if (thisDirection is not null) texts.Insert(model.Parameters.Count, TypeNames.Of(model.This!.Shape.Type) + " " + thisDirection); // the first direction
            w.WriteLine(Modifiers(model) + GradientReturnType(model) + " " + model.HessianVectorProductName + TypeParameters(model) + "(" + string.Join(", ", texts) + ")" + Constraints(model));
            if (!ModelEmitter.HasModelParameters(model))
            {
                WriteBody(w, model, body, renamed, spelling);
                return;
            }

            var prologue = new List<string>();
            if (thisDirection is not null)
            {
                prologue.AddRange(ModelEmitter.CheckNotNull(model.This!, "this", thisDirection, "direction"));
                prologue.AddRange(ModelEmitter.ReadGiven(model.This!, thisDirection, leafTangents));
            }

            foreach (ParameterModel p in d.Where(p => p.Model is not null))
            {
                prologue.AddRange(ModelEmitter.CheckNotNull(p.Model!, p.Name, directionNames[p], "direction"));
                prologue.AddRange(ModelEmitter.ReadGiven(p.Model!, directionNames[p], leafTangents));
            }

            // The products come out leaf by leaf, in the order of the gradient's values: a model's are built into a value of its type.
            string Return(System.Func<Expr, string> print, ReturnValues values)
            {
                var byLeaf = new Dictionary<int, string>();
                var byParameter = new Dictionary<ParameterModel, string>();
                for (int k = 0; k < values.Values.Count && k < body.Adjoints.Count; k++)
                {
                    ParameterModel p = body.Adjoints[k].Parameter;
                    if (leafIds.Contains(p.Variable.Id)) byLeaf[p.Variable.Id] = print(values.Values[k]);
                    else byParameter[p] = print(values.Values[k]);
                }

                var elements = new List<string>();
                if (model.This is { } self) elements.Add(ModelEmitter.BuildValue(self, leaf => byLeaf[leaf.Slot.Id]));
                foreach (ParameterModel p in d) elements.Add(p.Model is { } m ? ModelEmitter.BuildValue(m, leaf => byLeaf[leaf.Slot.Id]) : byParameter[p]);
                return "return " + (elements.Count == 1 ? elements[0] : "(" + string.Join(", ", elements) + ")") + ";";
            }

            WriteBody(w, model, body, renamed.Concat(ModelAdjointNames(model, directionNames, thisDirection)), spelling, prologue, returnValues: Return);
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

            // What H·v returns, element by element (this instance first), and the scalars and arrays the Hessian's rows and columns
            // run over: a parameter, or each leaf of a model (its members in order), each with a holder for the direction.
            var elements = new List<(string Name, ParameterModel? Plain, ModelParameter? Model, string Source)>();
            if (model.This is { } self) elements.Add(("@this", null, self, "this"));
            foreach (ParameterModel p in d) elements.Add((Printer.Escape(p.Name), p.Model is null ? p : null, p.Model, Printer.Escape(p.Name)));
            var inputs = new List<(string Source, TypeRef Type, string Holder)>();
            var leafHolders = new Dictionary<int, string>();
            foreach (var e in elements)
            {
                if (e.Plain is { } p)
                {
                    inputs.Add((e.Source, p.Type, Fresh("_v_" + p.Name)));
                    continue;
                }

                foreach (ModelLeaf leaf in e.Model!.Leaves)
                {
                    string holder = Fresh("_v_" + leaf.Slot.Name);
                    leafHolders[leaf.Slot.Id] = holder;
                    inputs.Add((ModelEmitter.Access(e.Source, leaf.Path), leaf.Slot.Type, holder));
                }
            }

            w.WriteLine("/// <summary>");
            w.WriteLine("/// The Hessian of <c>" + Xml(model.DocumentationId) + "</c>: the symmetric matrix of its second partial derivatives with respect to the");
            w.WriteLine("/// scalar differentiable inputs (" + string.Join(", ", elements.Select(e => e.Name == "@this" ? "this" : e.Plain?.Name ?? e.Source)) + ", arrays" + (elements.Any(e => e.Model is not null) ? " and model members" : string.Empty) + " flattened in order), one Hessian-vector product per column.");
            w.WriteLine("/// </summary>");
            WriteParameterDocs(w, model);
            w.WriteLine("/// <returns>A new square array of the second partial derivatives, symmetric.</returns>");
            w.WriteLine(GeneratedCodeAttribute);
            w.WriteLine(DerivativeOf(model, GeneratedMemberKind.Hessian));
            w.WriteLine(Modifiers(model) + t + "[,] " + model.HessianName + TypeParameters(model) + "(" + ParameterList(model, forPullback: false) + ")" + Constraints(model));
            w.OpenBrace();
            w.WriteLine("int " + size + " = " + inputs.Count(x => x.Type.IsScalar) + ";");
            foreach (var input in inputs.Where(x => !x.Type.IsScalar))
            {
                w.WriteLine(input.Type.Shape == Shape.Jagged
                    ? "for (int " + iName + " = 0; " + iName + " < " + input.Source + ".Length; " + iName + "++) " + size + " += " + input.Source + "[" + iName + "].Length;"
                    : size + " += " + input.Source + ".Length;");
            }

            w.WriteLine(t + "[,] " + hessian + " = new " + t + "[" + size + ", " + size + "];");
            foreach (var input in inputs)
            {
                // The direction, one holder per input shaped like it: zero but for the unit element of the column.
                string source = input.Source;
                string element = TypeNames.Of(input.Type.WithShape(Shape.Scalar));
                string holder = input.Holder;
                switch (input.Type.Shape)
                {
                    case Shape.Scalar:
                        w.WriteLine(element + " " + holder + " = " + Zero(input.Type) + ";");
                        break;
                    case Shape.Matrix:
                        w.WriteLine(element + "[,] " + holder + " = new " + element + "[" + source + ".GetLength(0), " + source + ".GetLength(1)];");
                        break;
                    case Shape.Jagged:
                        w.WriteLine(element + "[][] " + holder + " = new " + element + "[" + source + ".Length][];");
                        w.WriteLine("for (int " + iName + " = 0; " + iName + " < " + holder + ".Length; " + iName + "++) " + holder + "[" + iName + "] = new " + element + "[" + source + "[" + iName + "].Length];");
                        break;
                    default:
                        w.WriteLine(element + "[] " + holder + " = new " + element + "[" + source + ".Length];");
                        break;
                }
            }

            // The loops over the elements of an input (none for a scalar), in the order FHessian flattens them.
            void ForEachElement(TypeRef type, string source, string i, string j, System.Action<string> body) =>
                ElementLoops(w, type, source, i, j, at => body(at(source)));

            // A model's direction is a value of its type built of its leaves' holders (rebuilt for each column: a struct copies them).
            IEnumerable<string> Directions() => elements.Select(e => e.Plain is not null
                ? inputs.First(x => x.Source == e.Source).Holder
                : ModelEmitter.BuildValue(e.Model!, leaf => leafHolders[leaf.Slot.Id]));
            string Invocation() => model.HessianVectorProductName + TypeParameters(model) + "(" + string.Join(", ", new[] { Arguments(model) }.Concat(Directions()).Where(a => a.Length > 0)) + ")";
            string Cast(TypeRef type) => type.Scalar == model.ReturnType.Scalar || model.ReturnType.Scalar == ScalarKind.Double ? string.Empty
                : model.ReturnType.Scalar == ScalarKind.Generic ? string.Empty // a generic method computes in T throughout
                : "(" + t + ")";
            void Read(string part, TypeRef type)
            {
                string cast = Cast(type);
                if (type.IsScalar)
                {
                    w.WriteLine(hessian + "[" + row + "++, " + column + "] = " + cast + part + ";");
                }
                else if (!type.IsGrid)
                {
                    w.WriteLine("for (int " + iName + " = 0; " + iName + " < " + part + ".Length; " + iName + "++) " + hessian + "[" + row + "++, " + column + "] = " + cast + part + "[" + iName + "];");
                }
                else
                {
                    ForEachElement(type, part, iName, innerName, value => w.WriteLine(hessian + "[" + row + "++, " + column + "] = " + cast + value + ";"));
                }
            }

            w.WriteLine("int " + column + " = 0;");
            foreach (var input in inputs)
            {
                if (input.Type.IsScalar) w.OpenBrace();
                ForEachElement(input.Type, input.Holder, columnRow, jName, slot =>
                {
                    w.WriteLine(slot + " = " + One(input.Type) + ";");
                    w.WriteLine("var " + product + " = " + Invocation() + ";");
                    w.WriteLine(slot + " = " + Zero(input.Type) + ";");
                    w.WriteLine("int " + row + " = 0;");
                    foreach (var e in elements)
                    {
                        string part = elements.Count == 1 ? product : product + "." + e.Name;
                        if (e.Plain is { } r) Read(part, r.Type);
                        else foreach (ModelLeaf leaf in e.Model!.Leaves) Read(ModelEmitter.Access(part, leaf.Path), leaf.Slot.Type);
                    }

                    w.WriteLine(column + "++;");
                });
                if (input.Type.IsScalar) w.CloseBrace();
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
