/**
 * Not API: how nacos-app works inside (configuration parsing, Nacos/Dubbo mapping, registration, watches, the shared
 * nacos-client). Public types here are public only so the packages can use each other; they may change or go away in
 * any release. Use the types of {@code dev.nacosapp.dubbo.discovery} and its {@code config} package instead.
 */
package dev.nacosapp.dubbo.discovery.internal;
