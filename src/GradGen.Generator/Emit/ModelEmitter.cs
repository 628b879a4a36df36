using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emit
{
    /// <summary>
    /// The generated code around model-type parameters (CONTRACT "Model types"): the derivative cores see each leaf of such a
    /// parameter (a double, float or array member, at any depth) as a parameter of its own, so the generated members read the
    /// leaves out of the value before the body, read the caller's adjoint or tangent value into the leaves' adjoints or
    /// tangents, write scalar adjoints back after it, and build gradients of the user's type.
    /// </summary>
    internal static class ModelEmitter
    {
        public static bool HasModelParameters(MethodModel model) => model.This is not null || model.Parameters.Any(p => p.Model is not null);

        /// <summary>The ids of the leaf variables of every model-type parameter and of <c>this</c>.</summary>
        public static HashSet<int> LeafIds(MethodModel model) => new(Leaves(model).Select(v => v.Id));

        public static IEnumerable<Variable> Leaves(MethodModel model) =>
            (model.This?.Leaves ?? default).Concat(model.Parameters.Where(p => p.Model is not null).SelectMany(p => p.Model!.Leaves)).Select(l => l.Slot);

        /// <summary>How an adjoint or tangent of a model type is taken, for its documentation.</summary>
        public static string MemberByMember(ModelParameter model) =>
            ", member by member" + (model.Leaves.Any(l => !l.Slot.Type.IsScalar) ? "; its arrays at least as long as the parameter's" : string.Empty);

        /// <summary>Whether the pullback checks the caller's adjoint value: an array too short, or a null object.</summary>
        public static bool MayThrow(ModelParameter model) => model.Shape.IsReferenceType || model.Leaves.Any(l => !l.Slot.Type.IsScalar);

        /// <summary><c>source.A.B</c>.</summary>
        public static string Access(string source, IEnumerable<string> path) => source + string.Concat(path.Select(n => "." + Printer.Escape(n)));

        /// <summary><c>double m_W = m.W;</c> for each leaf: the values the body computes with.</summary>
        public static IEnumerable<string> ReadLeaves(MethodModel model)
        {
            foreach (ModelLeaf leaf in model.This?.Leaves ?? default)
            {
                yield return TypeNames.Of(leaf.Slot.Type) + " " + leaf.Slot.Name + " = " + Access("this", leaf.Path) + ";";
            }

            foreach (ParameterModel p in model.Parameters)
            {
                if (p.Model is null) continue;
                foreach (ModelLeaf leaf in p.Model.Leaves)
                {
                    yield return TypeNames.Of(leaf.Slot.Type) + " " + leaf.Slot.Name + " = " + Access(Printer.Escape(p.Name), leaf.Path) + ";";
                }
            }
        }

        /// <summary>For a class, an ArgumentException when the caller's adjoint or tangent value is null.</summary>
        public static IEnumerable<string> CheckNotNull(ModelParameter model, string of, string parameterName, string role)
        {
            if (!model.Shape.IsReferenceType) yield break;
            yield return "if (" + parameterName + " is null)";
            yield return "{";
            yield return "    throw new global::System.ArgumentException(\"The " + role + " of '" + of + "' must not be null.\", nameof(" + parameterName + "));";
            yield return "}";
        }

        /// <summary>The leaves' adjoints or tangents read out of the caller's value <paramref name="given"/>: a scalar is copied
        /// (and written back after the body), an array is seen through a span over the caller's array.</summary>
        public static IEnumerable<string> ReadGiven(ModelParameter model, string given, IReadOnlyDictionary<int, Variable> perLeaf)
        {
            foreach (ModelLeaf leaf in model.Leaves)
            {
                if (!perLeaf.TryGetValue(leaf.Slot.Id, out Variable? v)) continue;
                yield return TypeNames.Of(v.Type) + " " + v.Name + " = " + Access(given, leaf.Path) + ";";
            }
        }

        /// <summary>The scalar adjoints written back into the caller's value: member by member where each can be assigned,
        /// otherwise a new value built of them and the caller's arrays (which the body wrote into).</summary>
        public static IEnumerable<string> WriteBack(ModelParameter model, string given, IReadOnlyDictionary<int, Variable> perLeaf)
        {
            List<ModelLeaf> scalars = model.Leaves.Where(l => l.Slot.Type.IsScalar && perLeaf.ContainsKey(l.Slot.Id)).ToList();
            if (scalars.Count == 0) yield break;
            if (scalars.All(l => AssignableInPlace(model.Shape, l.Path)))
            {
                foreach (ModelLeaf leaf in scalars) yield return Access(given, leaf.Path) + " = " + perLeaf[leaf.Slot.Id].Name + ";";
                yield break;
            }

            var byPath = model.Leaves.ToDictionary(l => l.Access, l => l);
            yield return given + " = " + Build(model.Shape, new List<string>(), (path, type) =>
            {
                ModelLeaf leaf = byPath[string.Join(".", path)];
                return type.IsScalar && perLeaf.TryGetValue(leaf.Slot.Id, out Variable? v) ? v.Name : Access(given, path);
            }) + ";";
        }

        /// <summary>A gradient of zeros: 0 for each scalar, a new array as long as the parameter's for each array.</summary>
        public static string Zero(ModelShape shape, string source) => Build(shape, new List<string>(), (path, type) =>
            type.IsScalar
                ? type.Scalar == ScalarKind.Float ? "0f" : "0.0"
                : "new " + TypeNames.Of(type.Element) + "[" + Access(source, path) + ".Length]");

        /// <summary>A new value of <paramref name="model"/>'s type, each leaf given by <paramref name="leaf"/> (a Hessian-vector
        /// product along a model, built of its leaves' products).</summary>
        public static string BuildValue(ModelParameter model, System.Func<ModelLeaf, string> leaf)
        {
            var byPath = model.Leaves.ToDictionary(l => l.Access, l => l);
            return Build(model.Shape, new List<string>(), (path, _) => leaf(byPath[string.Join(".", path)]));
        }

        /// <summary>A new value of the model type, each leaf's value given by <paramref name="leaf"/>: an object initializer or a
        /// constructor call, as the type offers; other members are left default.</summary>
        private static string Build(ModelShape shape, List<string> path, System.Func<IReadOnlyList<string>, TypeRef, string> leaf)
        {
            var parts = new List<string>();
            foreach (ModelMember member in shape.Members)
            {
                path.Add(member.Name);
                string value = member.Leaf is { } type ? leaf(path.ToList(), type) : Build(member.Nested!, path, leaf);
                path.RemoveAt(path.Count - 1);
                parts.Add(shape.Build == ModelBuildKind.Initializer ? Printer.Escape(member.Name) + " = " + value : value);
            }

            string typeName = TypeNames.Of(shape.Type);
            return shape.Build == ModelBuildKind.Initializer
                ? "new " + typeName + " { " + string.Join(", ", parts) + " }"
                : "new " + typeName + "(" + string.Join(", ", parts) + ")";
        }

        /// <summary>Whether <c>given.A.B = v</c> compiles: every struct on the way is a field that can be assigned (a class
        /// member is reached through its reference), and the leaf itself can be assigned after construction.</summary>
        private static bool AssignableInPlace(ModelShape shape, IReadOnlyList<string> path)
        {
            ModelShape current = shape;
            for (int i = 0; i < path.Count; i++)
            {
                ModelMember member = current.Members.First(m => m.Name == path[i]);
                if (i == path.Count - 1) return member.Settable;
                ModelShape nested = member.Nested!;
                if (!nested.IsReferenceType && !(member.IsField && member.Settable)) return false;
                current = nested;
            }

            return false;
        }
    }
}
