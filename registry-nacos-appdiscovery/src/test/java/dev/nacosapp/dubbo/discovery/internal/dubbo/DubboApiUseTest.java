package dev.nacosapp.dubbo.discovery.internal.dubbo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's compiled classes, as published (compiled against Dubbo 3.3), link against the Dubbo this test runs on:
 * every field and method they name exists there, except what only {@link DubboLine} calls on the 3.3 line. Run on
 * each line the build tests, this finds a use of 3.3-only API before an application on 3.2 meets it as a
 * {@code NoSuchMethodError}, on whatever path the other tests do not take.
 */
class DubboApiUseTest {
    private static final String THREE_THREE_ONLY = "org/apache/dubbo/common/deploy/ModuleDeployer.isCompletion:()Z";

    @Test
    void everyMemberTheLibraryNamesExistsInTheRunningDubboOrIsCalledOnlyByDubboLineOn33() throws Exception {
        Path classes = Path.of(DubboLine.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> missing = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String user = classes.relativize(file).toString().replace('\\', '/');
                for (String reference : memberReferences(file)) {
                    checked++;
                    if (!resolves(reference)) {
                        missing.add(user + " -> " + reference);
                    }
                }
            }
        }

        assertThat(checked).as("member references read").isGreaterThan(500);
        if (DubboLine.running() == DubboLine.V3_3) {
            assertThat(missing).isEmpty();
        } else {
            assertThat(missing)
                    .as("what the library names but the running Dubbo 3.2 lacks")
                    .allMatch(m -> m.startsWith(DubboLine.class.getName().replace('.', '/') + "$")
                            && m.endsWith(THREE_THREE_ONLY))
                    .isNotEmpty();
        }
    }

    /** The Fieldref, Methodref and InterfaceMethodref entries of a class file: {@code owner.name:descriptor}. */
    private static Set<String> memberReferences(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile);
                DataInputStream data = new DataInputStream(in)) {
            data.readInt(); // magic
            data.readUnsignedShort(); // minor
            data.readUnsignedShort(); // major
            int count = data.readUnsignedShort();
            int[] tags = new int[count];
            int[] first = new int[count];
            int[] second = new int[count];
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                tags[i] = tag;
                switch (tag) {
                    case 1:
                        utf8[i] = data.readUTF();
                        break;
                    case 7:
                    case 8:
                    case 16:
                    case 19:
                    case 20:
                        first[i] = data.readUnsignedShort();
                        break;
                    case 15:
                        data.readUnsignedByte();
                        data.readUnsignedShort();
                        break;
                    case 3:
                    case 4:
                        data.readInt();
                        break;
                    case 5:
                    case 6:
                        data.readLong();
                        i++;
                        break;
                    case 9:
                    case 10:
                    case 11:
                    case 12:
                    case 17:
                    case 18:
                        first[i] = data.readUnsignedShort();
                        second[i] = data.readUnsignedShort();
                        break;
                    default:
                        throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
                }
            }
            Set<String> references = new HashSet<>();
            for (int i = 1; i < count; i++) {
                if (tags[i] == 9 || tags[i] == 10 || tags[i] == 11) {
                    String owner = utf8[first[first[i]]];
                    int nameAndType = second[i];
                    if (!owner.startsWith("[")) {
                        references.add(owner + "." + utf8[first[nameAndType]] + ":" + utf8[second[nameAndType]]);
                    }
                }
            }
            return references;
        }
    }

    private static boolean resolves(String reference) throws ClassNotFoundException {
        int dot = reference.lastIndexOf('.', reference.indexOf(':'));
        String owner = reference.substring(0, dot).replace('/', '.');
        String name = reference.substring(dot + 1, reference.indexOf(':'));
        String descriptor = reference.substring(reference.indexOf(':') + 1);
        ClassLoader loader = DubboApiUseTest.class.getClassLoader();
        Class<?> type = Class.forName(owner, false, loader);
        if (descriptor.startsWith("(")) {
            return hasMethod(type, name, MethodType.fromMethodDescriptorString(descriptor, loader), new HashSet<>());
        }
        return hasField(type, name, descriptor, new HashSet<>());
    }

    private static boolean hasMethod(Class<?> type, String name, MethodType signature, Set<Class<?>> seen) {
        if (type == null || !seen.add(type)) {
            return false;
        }
        if (name.equals("<init>")) {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (Arrays.equals(constructor.getParameterTypes(), signature.parameterArray())) {
                    return true;
                }
            }
            return false;
        }
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(name)
                    && method.getReturnType() == signature.returnType()
                    && Arrays.equals(method.getParameterTypes(), signature.parameterArray())) {
                return true;
            }
        }
        if (hasMethod(type.getSuperclass(), name, signature, seen)) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (hasMethod(implemented, name, signature, seen)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasField(Class<?> type, String name, String descriptor, Set<Class<?>> seen) {
        if (type == null || !seen.add(type)) {
            return false;
        }
        for (Field field : type.getDeclaredFields()) {
            if (field.getName().equals(name)
                    && MethodType.methodType(field.getType())
                            .toMethodDescriptorString()
                            .equals("()" + descriptor)) {
                return true;
            }
        }
        if (hasField(type.getSuperclass(), name, descriptor, seen)) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (hasField(implemented, name, descriptor, seen)) {
                return true;
            }
        }
        return false;
    }
}
