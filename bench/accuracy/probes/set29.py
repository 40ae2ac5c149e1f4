# Usage: python3 set29.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 29 (stop 28): credentials from non-English-speaking developers, in less common languages, configs and escaped forms
from common import A, HEX, add, ck, hx, r, start, write
start()
import base64

BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx')


def clean(fn):
    """Draws fn() until the value holds none of the placeholder-ish words."""
    while True:
        v = fn()
        if not any(b in v.lower() for b in BAD):
            return v


def pick(seq):
    return seq[int(hx(8), 16) % len(seq)]


def num(lo, hi):
    return lo + int(hx(8), 16) % (hi - lo + 1)


WORDS = {
    'es': ['Sevilla', 'Girasol', 'Tortuga', 'Mariposa', 'Valencia', 'Alegria', 'Conejito', 'Paella', 'Betis', 'Guadalquivir'],
    'pt': ['Saudade', 'Girassol', 'Flamengo', 'Corinthians', 'Feijoada', 'Pipoca', 'Jabuticaba', 'Palmeiras', 'Brigadeiro'],
    'fr': ['Fromage', 'Soleil', 'Papillon', 'Marseille', 'Bretagne', 'Chouquette', 'Lapin', 'Printemps', 'Croissant'],
    'de': ['Sommer', 'Fussball', 'Schatzi', 'Bayern', 'Kaffee', 'Sonnenschein', 'Hamburg', 'Eichhoernchen', 'Lederhose'],
    'it': ['Gattino', 'Juventus', 'Girasole', 'Amore', 'Napoli', 'Tramonto', 'Vespa', 'Farfalla', 'Tiramisu'],
    'nl': ['Fietsen', 'Tulpen', 'Ajax', 'Hagelslag', 'Zonnebloem', 'Stroopwafel', 'Molen', 'Oranje'],
    'pl': ['Kochanie', 'Wiosna', 'Krakow', 'Pierogi', 'Biedronka', 'Slonko', 'Legia', 'Zubrowka'],
    'tr': ['Galatasaray', 'Istanbul', 'Kedicik', 'Bahar', 'Fenerbahce', 'Gunes', 'Lokum', 'Bosphorus'],
    'ru': ['Solnyshko', 'Kotenok', 'Spartak', 'Moskva', 'Zvezda', 'Rybka', 'Matreshka', 'Zenit'],
    'id': ['Merdeka', 'Kucing', 'Rendang', 'Bandung', 'Garuda', 'Melati', 'Nasgor', 'Persib'],
    'en': ['Dragon', 'Sunshine', 'Monkey', 'Falcon', 'Thunder', 'Winter', 'Rocket', 'Pumpkin'],
}
SYM = '!#$%*.-_@?'


def pw(lang='en'):
    """A password of the kind people pick: a word, digits and often a symbol."""
    def one():
        w = pick(WORDS[lang])
        w2 = pick(WORDS[lang])
        k = num(0, 4)
        if k == 0:
            return w + str(num(1970, 2024)) + pick(SYM)
        if k == 1:
            return w + pick(SYM) + str(num(10, 9999))
        if k == 2:
            return w.lower() + w2 + str(num(1, 99))
        if k == 3:
            return w + '_' + str(num(100, 999)) + pick(SYM)
        return pick(SYM) + w + str(num(10, 99)) + pick(SYM)
    return clean(one)


def pwx(lang, bad='', lead_word=False):
    """pw() redrawn until it has none of `bad` (and, if asked, starts with a letter)."""
    while True:
        v = pw(lang)
        if any(c in v for c in bad) or (lead_word and not v[0].isalpha()):
            continue
        return v


def strong(n=20, al=A + '!#%*+-_=.'):
    """A generated password (password manager style)."""
    return clean(lambda: r(n, al))


def T(text, **kw):
    """Fills @@NAME@@ slots in a template."""
    for k, v in kw.items():
        text = text.replace('@@' + k + '@@', v)
    assert '@@' not in text, text
    return text


# f01 Spanish YAML app config with `contraseña:` key and Spanish comments
add('f01/config/conexiones.yml', T(r'''# Parámetros de conexión para el servicio de inventario
# Autor: Equipo de Sistemas - Ferretería López S.A.
# Última revisión: marzo 2023 (Joaquín)

entorno: produccion

base_de_datos:
  motor: postgresql
  servidor: db01.ferreterialopez.local
  puerto: 5432
  nombre: inventario_prod
  usuario: inventario_app
  contraseña: @@PW@@
  # tiempo máximo de espera en segundos
  tiempo_espera: 30
  reintentos: 3

registro:
  nivel: INFO
  ruta: /var/log/inventario/app.log
  rotacion_dias: 14

correo:
  servidor_smtp: smtp.ferreterialopez.es
  puerto: 587
  remitente: avisos@ferreterialopez.es
  destinatarios:
    - almacen@ferreterialopez.es
    - compras@ferreterialopez.es
''', PW=pwx('es', '#:', lead_word=True)))

# f02 Spanish Python settings module with CLAVE_SECRETA used to sign JWTs
add('f02/reservas/ajustes.py', T(r'''# -*- coding: utf-8 -*-
"""Ajustes generales de la API de reservas del polideportivo."""
import os
from datetime import timedelta

DIRECTORIO_BASE = os.path.dirname(os.path.abspath(__file__))

# Base de datos local (SQLite en desarrollo, se cambia en el servidor)
URI_BASE_DATOS = 'sqlite:///' + os.path.join(DIRECTORIO_BASE, 'reservas.db')

# Clave secreta para firmar los tokens JWT de los usuarios
# ¡¡No compartir!! Si se cambia, todas las sesiones quedan invalidadas
CLAVE_SECRETA = '@@KEY@@'
ALGORITMO_JWT = 'HS256'
DURACION_TOKEN = timedelta(hours=8)

# Horario de apertura de las pistas
HORA_APERTURA = 8
HORA_CIERRE = 23
DURACION_RESERVA_MINUTOS = 90

PISTAS = {
    'padel_1': 'Pádel cubierta 1',
    'padel_2': 'Pádel cubierta 2',
    'tenis': 'Tenis tierra batida',
    'futbol7': 'Fútbol 7 césped',
}

IDIOMA_POR_DEFECTO = 'es'
ZONA_HORARIA = 'Europe/Madrid'
''', KEY=clean(lambda: r(50, 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)'))))

# f03 Portuguese Spring application.properties with banco.senha
add('f03/src/main/resources/application.properties', T(r'''# Configurações do sistema de agendamento - Clínica Bem Estar
# Responsável: equipe de TI (ti@clinicabemestar.com.br)

server.port=8080
server.servlet.context-path=/agenda

# Conexão com o banco de dados MySQL
banco.host=10.0.12.7
banco.nome=agendamentos
banco.usuario=agenda_app
banco.senha=@@PW@@

spring.datasource.url=jdbc:mysql://${banco.host}:3306/${banco.nome}?useSSL=false&serverTimezone=America/Sao_Paulo
spring.datasource.username=${banco.usuario}
spring.datasource.password=${banco.senha}
spring.datasource.hikari.maximum-pool-size=10

spring.jpa.hibernate.ddl-auto=validate
spring.jpa.show-sql=false
spring.jpa.properties.hibernate.dialect=org.hibernate.dialect.MySQL8Dialect

# Envio de lembretes por SMS (desativado até aprovação da diretoria)
lembretes.sms.ativo=false
lembretes.antecedencia.horas=24

logging.level.br.com.clinicabemestar=INFO
logging.file.name=/var/log/agenda/agenda.log
''', PW=pw('pt')))

# f04 Portuguese PHP integration config with 'chave' for an ERP API
add('f04/config/integracao.php', T(r'''<?php
/**
 * Configuração da integração com o ERP da loja
 * Não esquecer de atualizar a chave quando o fornecedor renovar o contrato.
 */

return [
    'erp' => [
        'url_base'   => 'https://api.erpvarejo.com.br/v2',
        'loja_id'    => 4821,
        // chave de acesso gerada no painel do fornecedor
        'chave'      => '@@KEY@@',
        'timeout'    => 20,
        'tentativas' => 3,
    ],

    'estoque' => [
        'sincronizar_a_cada_minutos' => 15,
        'deposito_padrao'            => 'CD-Campinas',
        'alerta_estoque_minimo'      => 5,
    ],

    'notificacoes' => [
        'email_responsavel' => 'compras@lojadoze.com.br',
        'enviar_resumo_diario' => true,
    ],
];
''', KEY=clean(lambda: r(40))))

# f05 French INI config with mot_de_passe and French comments
add('f05/conf/gestion_stock.ini', T(r'''; Fichier de configuration - Application de gestion des stocks
; Société Dupuis & Fils - service informatique
; Ne pas versionner les modifications locales !

[general]
nom_application = GestStock
langue = fr_FR
fuseau_horaire = Europe/Paris

[base_de_donnees]
hote = srv-bdd-02.dupuis.lan
port = 3306
nom_base = stocks
utilisateur = gest_stock
mot_de_passe = @@PW@@
encodage = utf8mb4

[journalisation]
niveau = AVERTISSEMENT
fichier = /var/log/geststock/app.log
taille_max_mo = 50

[inventaire]
; seuil en dessous duquel on déclenche une commande fournisseur
seuil_reappro = 12
entrepot_principal = Lyon-Vaise
''', PW=pw('fr')))

# f06 French Node.js mail script with `const mdp` (SMTP password)
add('f06/scripts/envoi_factures.js', T(r'''// Envoi automatique des factures du mois aux clients
// Lancé par cron le 1er de chaque mois à 6h00
const nodemailer = require('nodemailer');
const path = require('path');
const { listerFacturesDuMois } = require('../lib/factures');

const utilisateur = 'facturation@boulangerie-martin.fr';
// mot de passe de la boîte mail OVH (à changer tous les 6 mois)
const mdp = '@@PW@@';

const transporteur = nodemailer.createTransport({
  host: 'ssl0.ovh.net',
  port: 465,
  secure: true,
  auth: { user: utilisateur, pass: mdp },
});

async function envoyerFactures() {
  const factures = await listerFacturesDuMois();
  for (const facture of factures) {
    await transporteur.sendMail({
      from: `"Boulangerie Martin" <${utilisateur}>`,
      to: facture.client.email,
      subject: `Votre facture n° ${facture.numero}`,
      text: `Bonjour ${facture.client.nom},\n\nVeuillez trouver ci-joint votre facture.\n\nCordialement`,
      attachments: [{ filename: `${facture.numero}.pdf`, path: path.join('/srv/factures', `${facture.numero}.pdf`) }],
    });
    console.log(`Facture ${facture.numero} envoyée à ${facture.client.email}`);
  }
}

envoyerFactures().catch((err) => {
  console.error('Erreur lors de l\'envoi :', err);
  process.exit(1);
});
''', PW=pw('fr')))

# f07 German backup shell script with DB_KENNWORT
add('f07/bin/sicherung.sh', T(r'''#!/bin/bash
# Nächtliche Datensicherung der Warenwirtschaft
# Wird per cron um 02:30 Uhr gestartet (siehe /etc/cron.d/sicherung)
set -euo pipefail

DB_HOST="192.168.40.11"
DB_NAME="warenwirtschaft"
DB_BENUTZER="sicherung"
DB_KENNWORT='@@PW@@'

ZIEL="/mnt/nas/sicherungen/$(date +%Y-%m-%d)"
AUFBEWAHRUNG_TAGE=30

mkdir -p "$ZIEL"

echo "Starte Sicherung von $DB_NAME nach $ZIEL ..."
mysqldump -h "$DB_HOST" -u "$DB_BENUTZER" -p"$DB_KENNWORT" \
    --single-transaction --routines "$DB_NAME" | gzip > "$ZIEL/$DB_NAME.sql.gz"

# Alte Sicherungen löschen
find /mnt/nas/sicherungen -maxdepth 1 -type d -mtime +$AUFBEWAHRUNG_TAGE -exec rm -rf {} \;

echo "Sicherung abgeschlossen: $(du -sh "$ZIEL" | cut -f1)"
''', PW=pw('de')))

# f08 German YAML with geheimer_schluessel (webhook HMAC secret)
add('f08/einstellungen/webhooks.yaml', T(r'''# Webhook-Einstellungen für die Anbindung an den Online-Shop
# Achtung: Der geheime Schlüssel muss mit dem Wert im Shop-Backend übereinstimmen!

shop:
  name: Gartenbedarf Huber
  basis_url: https://shop.gartenbedarf-huber.de

webhooks:
  bestellung_eingegangen:
    ziel: /api/bestellungen/neu
    aktiv: true
  zahlung_bestaetigt:
    ziel: /api/zahlungen/bestaetigt
    aktiv: true
  retoure:
    ziel: /api/retouren
    aktiv: false

signatur:
  verfahren: HMAC-SHA256
  kopfzeile: X-Shop-Signatur
  geheimer_schluessel: "@@KEY@@"

wiederholung:
  max_versuche: 5
  wartezeit_sekunden: 60
''', KEY=clean(lambda: r(40))))

# f09 Italian Python script with password_db and Italian comments
add('f09/importa_ordini.py', T(r'''#!/usr/bin/env python3
# Script per importare gli ordini dal gestionale nel database del magazzino
# Autore: Marco Bianchi - ufficio informatico
import csv
import sys

import psycopg2

# parametri di connessione al database del magazzino
host_db = "192.168.1.20"
nome_db = "magazzino"
utente_db = "importatore"
password_db = "@@PW@@"


def connetti():
    """Apre la connessione al database."""
    return psycopg2.connect(host=host_db, dbname=nome_db, user=utente_db, password=password_db)


def importa(percorso_csv):
    conn = connetti()
    cur = conn.cursor()
    with open(percorso_csv, newline='', encoding='utf-8') as f:
        for riga in csv.DictReader(f, delimiter=';'):
            cur.execute(
                "INSERT INTO ordini (codice, cliente, importo) VALUES (%s, %s, %s)",
                (riga['codice'], riga['cliente'], riga['importo'].replace(',', '.')),
            )
    conn.commit()
    conn.close()
    print("Importazione completata")


if __name__ == '__main__':
    if len(sys.argv) != 2:
        print("Uso: importa_ordini.py <file.csv>")
        sys.exit(1)
    importa(sys.argv[1])
''', PW=pw('it')))

# f10 Dutch YAML scraper config with wachtwoord
add('f10/config/instellingen.yaml', T(r'''# Instellingen voor de koppeling met het roosterportaal
# Beheerd door team Applicaties - Gemeente Zwolle
# Let op: wijzigingen eerst testen op de acceptatieomgeving!

portaal:
  adres: https://rooster.intranet-zwolle.nl
  taal: nl

inloggegevens:
  gebruikersnaam: svc_roosterkoppeling
  wachtwoord: '@@PW@@'

synchronisatie:
  interval_minuten: 30
  afdelingen:
    - Burgerzaken
    - Sociaal Domein
    - Openbare Ruimte
  alleen_werkdagen: true

meldingen:
  email: applicatiebeheer@zwolle-intern.nl
  bij_fout: true
''', PW=pw('nl')))

# f11 Polish PHP db connection with $haslo
add('f11/inc/polaczenie.php', T(r'''<?php
// Połączenie z bazą danych sklepu
// Autor: Tomasz Nowak, ostatnia zmiana 2022-11-04

$host = 'localhost';
$uzytkownik = 'sklep_www';
$haslo = '@@PW@@';
$baza = 'sklep_rowerowy';

$polaczenie = new mysqli($host, $uzytkownik, $haslo, $baza);

if ($polaczenie->connect_errno) {
    // nie pokazujemy szczegółów klientom
    error_log('Błąd połączenia z bazą: ' . $polaczenie->connect_error);
    die('Przepraszamy, sklep jest chwilowo niedostępny.');
}

$polaczenie->set_charset('utf8mb4');

function pobierz_produkty($polaczenie, $kategoria) {
    $zapytanie = $polaczenie->prepare('SELECT id, nazwa, cena FROM produkty WHERE kategoria = ?');
    $zapytanie->bind_param('s', $kategoria);
    $zapytanie->execute();
    return $zapytanie->get_result()->fetch_all(MYSQLI_ASSOC);
}
''', PW=pw('pl')))

# f12 Turkish appsettings.json with "Sifre"
add('f12/Stok.Api/appsettings.Production.json', T(r'''{
  "Logging": {
    "LogLevel": {
      "Default": "Information",
      "Microsoft.AspNetCore": "Warning"
    }
  },
  "AllowedHosts": "*",
  "VeritabaniAyarlari": {
    "Sunucu": "10.10.5.21",
    "Port": 1433,
    "VeritabaniAdi": "StokTakip",
    "KullaniciAdi": "stok_api",
    "Sifre": "@@PW@@",
    "ZamanAsimiSaniye": 30
  },
  "EpostaAyarlari": {
    "Sunucu": "smtp.yildizmakina.com.tr",
    "Port": 587,
    "Gonderen": "bildirim@yildizmakina.com.tr"
  },
  "Depo": {
    "VarsayilanDepo": "Gebze-1",
    "KritikStokSeviyesi": 10
  }
}
''', PW=pw('tr')))

# f13 Go config with Russian comments and transliterated `parol`
add('f13/internal/nastroyki/nastroyki.go', T(r'''package nastroyki

// Настройки подключения к базе данных склада.
// TODO: вынести в переменные окружения (Сергей обещал сделать в следующем спринте)

import (
	"fmt"
	"time"
)

type BazaDannyh struct {
	Host       string
	Port       int
	Imya       string
	Polzovatel string
	Parol      string
	Taimaut    time.Duration
}

// Osnovnaya — основная база (продакшн)
var Osnovnaya = BazaDannyh{
	Host:       "pg-sklad.local",
	Port:       5432,
	Imya:       "sklad",
	Polzovatel: "sklad_app",
	Parol:      "@@PW@@",
	Taimaut:    10 * time.Second,
}

// DSN возвращает строку подключения для pgx.
func (b BazaDannyh) DSN() string {
	return fmt.Sprintf("postgres://%s:%s@%s:%d/%s?sslmode=disable",
		b.Polzovatel, b.Parol, b.Host, b.Port, b.Imya)
}
''', PW=pw('ru')))

# f14 Indonesian .env with KATA_SANDI_DB and Indonesian comments
add('f14/.env', T(r'''# Konfigurasi aplikasi kasir Toko Sumber Rejeki
# Jangan lupa sesuaikan sebelum deploy ke server produksi

NAMA_APLIKASI="Kasir Sumber Rejeki"
LINGKUNGAN=produksi
DEBUG=false
ZONA_WAKTU=Asia/Jakarta

# Basis data
HOST_DB=127.0.0.1
PORT_DB=3306
NAMA_DB=kasir
PENGGUNA_DB=kasir_app
KATA_SANDI_DB=@@PW@@

# Pengaturan struk
LEBAR_STRUK=58
TAMPILKAN_LOGO=true
PESAN_STRUK="Terima kasih atas kunjungan Anda"

# Cadangan otomatis (jam, format 24 jam)
JAM_CADANGAN=23
FOLDER_CADANGAN=/home/kasir/cadangan
''', PW=pwx('id', '#$"\'')))

# f15 Scala build.sbt with positional Credentials("realm", "host", "user", "pw")
add('f15/build.sbt', T(r'''// Abrechnungsdienst der Stadtwerke – Build-Definition
// Veröffentlichung ins interne Nexus (nur vom Build-Server aus!)

ThisBuild / organization := "de.stadtwerke.abrechnung"
ThisBuild / scalaVersion := "2.13.12"
ThisBuild / version      := "3.4.1"

lazy val root = (project in file("."))
  .settings(
    name := "abrechnung-dienst",
    libraryDependencies ++= Seq(
      "com.typesafe.akka" %% "akka-http"   % "10.2.10",
      "com.typesafe.akka" %% "akka-stream" % "2.6.20",
      "org.postgresql"     % "postgresql"  % "42.6.0",
      "org.scalatest"     %% "scalatest"   % "3.2.17" % Test
    )
  )

// Zugangsdaten für das Nexus-Repository
credentials += Credentials(
  "Sonatype Nexus Repository Manager",
  "nexus.stadtwerke-intern.de",
  "deploy-abrechnung",
  "@@PW@@"
)

publishTo := {
  val nexus = "https://nexus.stadtwerke-intern.de/repository/"
  if (isSnapshot.value) Some("snapshots" at nexus + "maven-snapshots")
  else Some("releases" at nexus + "maven-releases")
}
''', PW=pw('de')))

# f16 Scala case class config built with positional arguments (Spanish comments)
add('f16/src/main/scala/es/tiendaonline/Configuracion.scala', T(r'''package es.tiendaonline

import scala.concurrent.duration._

// Configuración de la conexión a la base de datos de pedidos
final case class ConfigBD(url: String, usuario: String, clave: String, tamanoPool: Int)

final case class ConfigHttp(interfaz: String, puerto: Int, tiempoEspera: FiniteDuration)

object Configuracion {

  // Producción (servidor de Alcobendas)
  val bd: ConfigBD = ConfigBD(
    "jdbc:postgresql://10.20.0.15:5432/pedidos",
    "pedidos_app",
    "@@PW@@",
    16
  )

  val http: ConfigHttp = ConfigHttp("0.0.0.0", 9000, 30.seconds)

  // Métodos de envío disponibles en la tienda
  val metodosEnvio: List[String] = List("correos", "seur", "recogida_tienda")

  val ivaPorDefecto: BigDecimal = BigDecimal("0.21")
}
''', PW=pw('es')))

# f17 Kotlin (Ktor) payment object with a Stripe live secret key, Italian comments
add('f17/src/main/kotlin/it/negozio/pagamenti/ConfigPagamenti.kt', T(r'''package it.negozio.pagamenti

import com.stripe.Stripe
import com.stripe.model.PaymentIntent
import com.stripe.param.PaymentIntentCreateParams

// Configurazione dei pagamenti con carta per il negozio online
object ConfigPagamenti {
    // chiave segreta dell'account Stripe (ambiente live)
    const val CHIAVE_SEGRETA = "@@KEY@@"
    const val VALUTA = "eur"
    const val DESCRIZIONE_PREDEFINITA = "Ordine Bottega del Gusto"

    fun inizializza() {
        Stripe.apiKey = CHIAVE_SEGRETA
    }
}

class ServizioPagamenti {
    init {
        ConfigPagamenti.inizializza()
    }

    // importo espresso in centesimi
    fun creaPagamento(importoCentesimi: Long, idOrdine: String): PaymentIntent {
        val parametri = PaymentIntentCreateParams.builder()
            .setAmount(importoCentesimi)
            .setCurrency(ConfigPagamenti.VALUTA)
            .setDescription("${ConfigPagamenti.DESCRIZIONE_PREDEFINITA} #$idOrdine")
            .putMetadata("ordine", idOrdine)
            .build()
        return PaymentIntent.create(parametri)
    }
}
''', KEY='sk_live_51' + clean(lambda: r(97))))

# f18 Swift script posting to Slack with a bot token, French comments
add('f18/Sources/Notifications/NotificateurSlack.swift', T(r'''import Foundation

/// Envoie les alertes de l'application de caisse sur le canal #magasin-alertes
struct NotificateurSlack {
    // jeton du bot Slack « Caisse Bot »
    private let jeton = "@@TOK@@"
    private let canal = "#magasin-alertes"
    private let url = URL(string: "https://slack.com/api/chat.postMessage")!

    func envoyer(message: String) async throws {
        var requete = URLRequest(url: url)
        requete.httpMethod = "POST"
        requete.setValue("Bearer \(jeton)", forHTTPHeaderField: "Authorization")
        requete.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")

        let corps: [String: Any] = ["channel": canal, "text": message]
        requete.httpBody = try JSONSerialization.data(withJSONObject: corps)

        let (_, reponse) = try await URLSession.shared.data(for: requete)
        guard let http = reponse as? HTTPURLResponse, http.statusCode == 200 else {
            throw ErreurNotification.echecEnvoi
        }
    }
}

enum ErreurNotification: Error {
    case echecEnvoi
}
''', TOK='xoxb-' + str(num(10 ** 11, 10 ** 12 - 1)) + '-' + str(num(10 ** 12, 10 ** 13 - 1)) + '-' + clean(lambda: r(24))))

# f19 Dart/Flutter service with an OpenAI project key, Portuguese comments
add('f19/lib/servicos/assistente_servico.dart', T(r'''import 'dart:convert';

import 'package:http/http.dart' as http;

/// Serviço que conversa com a API da OpenAI para o assistente do app
class AssistenteServico {
  // chave da API (projeto "app-receitas")
  static const String _chaveApi = '@@KEY@@';
  static const String _modelo = 'gpt-4o-mini';
  static final Uri _endpoint = Uri.parse('https://api.openai.com/v1/chat/completions');

  Future<String> perguntar(String pergunta) async {
    final resposta = await http.post(
      _endpoint,
      headers: {
        'Authorization': 'Bearer $_chaveApi',
        'Content-Type': 'application/json',
      },
      body: jsonEncode({
        'model': _modelo,
        'messages': [
          {'role': 'system', 'content': 'Você é um assistente de culinária brasileira.'},
          {'role': 'user', 'content': pergunta},
        ],
      }),
    );

    if (resposta.statusCode != 200) {
      throw Exception('Erro ao consultar o assistente: ${resposta.statusCode}');
    }
    final dados = jsonDecode(utf8.decode(resposta.bodyBytes));
    return dados['choices'][0]['message']['content'] as String;
  }
}
''', KEY='sk-proj-' + clean(lambda: r(74, A + '-_')) + 'T3BlbkFJ' + clean(lambda: r(74, A + '-_'))))

# f20 Elixir config/prod.exs with Ecto repo password, Spanish comments
add('f20/config/prod.exs', T(r'''import Config

# Configuración de producción de la tienda de bicicletas
# El servidor está detrás de nginx, por eso escuchamos solo en localhost

config :bicitienda, BicitiendaWeb.Endpoint,
  url: [host: "bicitienda.es", port: 443, scheme: "https"],
  http: [ip: {127, 0, 0, 1}, port: 4000],
  cache_static_manifest: "priv/static/cache_manifest.json"

# Base de datos principal
config :bicitienda, Bicitienda.Repo,
  username: "bicitienda",
  password: "@@PW@@",
  hostname: "10.0.3.8",
  database: "bicitienda_prod",
  pool_size: 15,
  timeout: 15_000

# No mostrar mensajes de depuración en producción
config :logger, level: :info

config :bicitienda, :envios,
  transportista: "MRW",
  gratis_desde_euros: 60
''', PW=pw('es')))

# f21 Erlang-term rabbitmq.config with default_pass, Polish comments
add('f21/etc/rabbitmq/rabbitmq.config', T(r'''%% Konfiguracja RabbitMQ dla systemu zamówień
%% Uwaga: po zmianie trzeba zrestartować węzeł (rabbitmqctl stop_app / start_app)
[
 {rabbit, [
   {tcp_listeners, [5672]},
   {default_vhost, <<"zamowienia">>},
   {default_user, <<"zamowienia_admin">>},
   %% hasło administratora kolejek
   {default_pass, <<"@@PW@@">>},
   {default_permissions, [<<".*">>, <<".*">>, <<".*">>]},
   {loopback_users, []},
   {vm_memory_high_watermark, 0.6},
   {disk_free_limit, "2GB"}
 ]},
 {rabbitmq_management, [
   {listener, [{port, 15672}, {ip, "0.0.0.0"}]}
 ]},
 {lager, [
   {handlers, [{lager_file_backend, [{file, "/var/log/rabbitmq/zamowienia.log"}, {level, info}]}]}
 ]}
].
''', PW=pw('pl')))

# f22 Clojure script with a GitHub fine-grained PAT, Portuguese comments
add('f22/src/relatorios/github.clj', T(r'''(ns relatorios.github
  "Gera o relatório semanal de pull requests dos repositórios da equipe."
  (:require [clj-http.client :as http]
            [cheshire.core :as json]
            [clojure.string :as str]))

;; token de acesso (só leitura) para a organização
(def ^:private token "@@TOK@@")

(def organizacao "cooperativa-dados")

(def repositorios ["portal-associados" "api-credito" "painel-interno"])

(defn- buscar-prs [repo]
  (-> (http/get (str "https://api.github.com/repos/" organizacao "/" repo "/pulls")
                {:headers {"Authorization" (str "Bearer " token)
                           "Accept" "application/vnd.github+json"}
                 :query-params {"state" "closed" "per_page" 100}})
      :body
      (json/parse-string true)))

(defn resumo []
  (for [repo repositorios
        :let [prs (buscar-prs repo)]]
    {:repositorio repo
     :total (count prs)
     :autores (->> prs (map (comp :login :user)) distinct (str/join ", "))}))

(defn -main [& _]
  (doseq [{:keys [repositorio total autores]} (resumo)]
    (println (format "%-20s %3d PRs  (%s)" repositorio total autores))))
''', TOK='github_pat_' + clean(lambda: r(22)) + '_' + clean(lambda: r(59))))

# f23 Haskell module with an Anthropic API key, German comments
add('f23/src/Zusammenfassung/Api.hs', T(r'''{-# LANGUAGE OverloadedStrings #-}
-- | Kleiner Client für die Anthropic-API, fasst Kundenanfragen zusammen.
module Zusammenfassung.Api
  ( fasseZusammen
  ) where

import Data.Aeson (Value, object, (.=))
import qualified Data.ByteString.Char8 as B
import Data.Text (Text)
import Network.HTTP.Simple

-- API-Schlüssel (Projekt "Kundendienst")
apiSchluessel :: B.ByteString
apiSchluessel = "@@KEY@@"

modell :: Text
modell = "claude-3-5-haiku-latest"

-- | Schickt den Text an das Modell und liefert die rohe Antwort zurück.
fasseZusammen :: Text -> IO Value
fasseZusammen text = do
  basis <- parseRequest "POST https://api.anthropic.com/v1/messages"
  let anfrage = setRequestHeader "x-api-key" [apiSchluessel]
              $ setRequestHeader "anthropic-version" ["2023-06-01"]
              $ setRequestBodyJSON (object
                  [ "model" .= modell
                  , "max_tokens" .= (512 :: Int)
                  , "messages" .= [object ["role" .= ("user" :: Text), "content" .= text]]
                  ])
              $ basis
  antwort <- httpJSON anfrage
  pure (getResponseBody antwort)
''', KEY='sk-ant-api03-' + clean(lambda: r(93, A + '-_')) + 'AA'))

# f24 OCaml release script with a GitHub classic PAT, French comments
add('f24/outils/publier.ml', T(r'''(* Publie une nouvelle version sur GitHub à partir du journal des modifications *)
open Lwt.Syntax
open Cohttp
open Cohttp_lwt_unix

(* jeton personnel de Mathieu, droits "repo" *)
let jeton = "@@TOK@@"

let depot = "labo-calcul/solveur-elements-finis"

let creer_version ~etiquette ~notes =
  let uri = Uri.of_string ("https://api.github.com/repos/" ^ depot ^ "/releases") in
  let entetes = Header.of_list [
      ("Authorization", "token " ^ jeton);
      ("Accept", "application/vnd.github+json");
      ("User-Agent", "publier-ml");
    ] in
  let corps =
    Printf.sprintf {|{"tag_name": %S, "name": %S, "body": %S}|} etiquette etiquette notes
  in
  let* (reponse, corps_reponse) =
    Client.post ~headers:entetes ~body:(Cohttp_lwt.Body.of_string corps) uri
  in
  let* texte = Cohttp_lwt.Body.to_string corps_reponse in
  match Response.status reponse with
  | `Created -> Lwt_io.printlf "Version %s publiée" etiquette
  | statut -> Lwt_io.eprintlf "Échec (%s) : %s" (Code.string_of_status statut) texte

let () =
  let etiquette = Sys.argv.(1) in
  let notes = In_channel.with_open_text "CHANGEMENTS.md" In_channel.input_all in
  Lwt_main.run (creer_version ~etiquette ~notes)
''', TOK=clean(lambda: ck('ghp_'))))

# f25 Lua script calling the GitLab API with a glpat- token, Spanish comments
add('f25/scripts/etiquetar_version.lua', T(r'''-- Crea una etiqueta de versión en GitLab al terminar el empaquetado
-- Uso: lua etiquetar_version.lua 2.7.0
local http = require("socket.http")
local ltn12 = require("ltn12")
local json = require("dkjson")

-- token de acceso del usuario de integración (ámbito: api)
local TOKEN = "@@TOK@@"
local SERVIDOR = "https://gitlab.estudio-norte.com.ar"
local PROYECTO = "42"   -- juego-plataformas

local version = arg[1]
if not version then
  io.stderr:write("Falta el número de versión\n")
  os.exit(1)
end

local cuerpo = json.encode({ tag_name = "v" .. version, ref = "main", message = "Versión " .. version })
local respuesta = {}

local _, codigo = http.request({
  url = SERVIDOR .. "/api/v4/projects/" .. PROYECTO .. "/repository/tags",
  method = "POST",
  headers = {
    ["PRIVATE-TOKEN"] = TOKEN,
    ["Content-Type"] = "application/json",
    ["Content-Length"] = tostring(#cuerpo),
  },
  source = ltn12.source.string(cuerpo),
  sink = ltn12.sink.table(respuesta),
})

if codigo == 201 then
  print("Etiqueta v" .. version .. " creada")
else
  print("Error " .. tostring(codigo) .. ": " .. table.concat(respuesta))
end
''', TOK='glpat-' + clean(lambda: r(20, A + '-_'))))

# f26 Perl newsletter script with a SendGrid API key, German comments
add('f26/bin/rundbrief.pl', T(r'''#!/usr/bin/perl
# Verschickt den monatlichen Rundbrief des Sportvereins über SendGrid
use strict;
use warnings;
use utf8;
use LWP::UserAgent;
use JSON::PP;

# API-Schlüssel vom SendGrid-Konto des Vereins
my $api_schluessel = '@@KEY@@';
my $absender       = 'vorstand@tsv-oberwiesenfeld.de';

my @empfaenger = do {
    open my $fh, '<:encoding(UTF-8)', 'mitglieder.txt' or die "Kann Mitgliederliste nicht lesen: $!";
    map { chomp; $_ } grep { /\@/ } <$fh>;
};

my $inhalt = do { local $/; open my $fh, '<:encoding(UTF-8)', 'rundbrief.html' or die $!; <$fh> };

my $ua = LWP::UserAgent->new(timeout => 30);
for my $adresse (@empfaenger) {
    my $nutzlast = encode_json({
        personalizations => [ { to => [ { email => $adresse } ] } ],
        from             => { email => $absender, name => 'TSV Oberwiesenfeld' },
        subject          => 'Vereinsrundbrief',
        content          => [ { type => 'text/html', value => $inhalt } ],
    });
    my $antwort = $ua->post(
        'https://api.sendgrid.com/v3/mail/send',
        'Authorization' => "Bearer $api_schluessel",
        'Content-Type'  => 'application/json',
        Content         => $nutzlast,
    );
    print $antwort->is_success ? "OK  $adresse\n" : "FEHLER $adresse: " . $antwort->status_line . "\n";
}
''', KEY='SG.' + clean(lambda: r(22, A + '-_')) + '.' + clean(lambda: r(43, A + '-_'))))

# f27 R analysis script with dbConnect(password = ...), Spanish comments
add('f27/analisis/ventas_mensuales.R', T(r'''# Análisis de ventas mensuales por provincia
# Autora: Lucía Fernández - Departamento de Estadística
library(DBI)
library(RPostgres)
library(dplyr)
library(ggplot2)

# Conexión al almacén de datos
con <- dbConnect(
  RPostgres::Postgres(),
  host     = "dwh.cooperativa-olivar.es",
  port     = 5432,
  dbname   = "almacen",
  user     = "lfernandez",
  password = "@@PW@@"
)

ventas <- dbGetQuery(con, "
  SELECT provincia, date_trunc('month', fecha) AS mes, SUM(importe) AS total
  FROM ventas
  WHERE fecha >= '2023-01-01'
  GROUP BY provincia, mes
")

dbDisconnect(con)

# Gráfico de evolución por provincia
ventas %>%
  mutate(total_miles = total / 1000) %>%
  ggplot(aes(x = mes, y = total_miles, colour = provincia)) +
  geom_line(linewidth = 1) +
  labs(title = "Ventas mensuales (miles de euros)", x = "Mes", y = "Total") +
  theme_minimal()

ggsave("graficos/ventas_mensuales.png", width = 10, height = 6)
''', PW=pw('es')))

# f28 Julia script with AWS access key id + secret, Portuguese comments
add('f28/scripts/baixar_dados.jl', T(r'''# Baixa os arquivos de medição das estações meteorológicas do bucket S3
# e gera o resumo diário de precipitação.
using AWS
using AWSS3
using CSV
using DataFrames
using Dates

# credenciais do usuário IAM "leitura-estacoes"
const credenciais = AWSCredentials(
    "@@AKID@@",
    "@@SECRET@@",
)

const config = global_aws_config(; region = "sa-east-1", creds = credenciais)
const BUCKET = "inmet-estacoes-brutos"

function resumo_diario(data::Date)
    prefixo = "medicoes/" * Dates.format(data, "yyyy/mm/dd") * "/"
    chaves = [obj["Key"] for obj in s3_list_objects(config, BUCKET, prefixo)]
    tabelas = [CSV.read(IOBuffer(s3_get(config, BUCKET, k)), DataFrame) for k in chaves]
    dados = vcat(tabelas...)
    return combine(groupby(dados, :estacao), :precipitacao_mm => sum => :total_mm)
end

ontem = today() - Day(1)
resultado = resumo_diario(ontem)
CSV.write("saida/precipitacao_$(ontem).csv", resultado)
println("Resumo de $(ontem) gerado com $(nrow(resultado)) estações")
''', AKID='AKIA' + clean(lambda: r(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')),
   SECRET=clean(lambda: r(40, A + '/+'))))

# f29 Gradle settings.gradle with credentials { username / password }, Turkish comments
add('f29/settings.gradle', T(r'''// Proje ayarları - Stok Takip mobil uygulaması
// Şirket içi Nexus deposu kullanılıyor, dışarıdan erişim VPN gerektirir

pluginManagement {
    repositories {
        gradlePluginPortal()
        google()
        mavenCentral()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
        maven {
            url 'https://nexus.yildizmakina.com.tr/repository/android-ic/'
            // depo kullanıcısı (sadece okuma yetkisi var)
            credentials {
                username 'gradle-okuyucu'
                password '@@PW@@'
            }
        }
    }
}

rootProject.name = 'StokTakip'
include ':app'
include ':ortak'
include ':barkod-okuyucu'
''', PW=pw('tr')))

# f30 PowerShell with ConvertTo-SecureString -AsPlainText, Dutch comments
add('f30/beheer/Koppel-Netwerkschijven.ps1', T(r'''<#
    Koppelt de afdelingsschijven voor de medewerkers van de financiële administratie.
    Wordt uitgevoerd bij het aanmelden (GPO "Schijven-Financien").
#>

$ErrorActionPreference = 'Stop'

$gebruiker   = 'GEMEENTE\svc_schijven'
# wachtwoord van het serviceaccount (verloopt niet)
$wachtwoord  = ConvertTo-SecureString '@@PW@@' -AsPlainText -Force
$inloggegevens = New-Object System.Management.Automation.PSCredential ($gebruiker, $wachtwoord)

$schijven = @(
    @{ Letter = 'F'; Pad = '\\fs01.gemeente.local\financien' },
    @{ Letter = 'P'; Pad = '\\fs01.gemeente.local\personeel' },
    @{ Letter = 'S'; Pad = '\\fs02.gemeente.local\scans' }
)

foreach ($schijf in $schijven) {
    if (Get-PSDrive -Name $schijf.Letter -ErrorAction SilentlyContinue) {
        Remove-PSDrive -Name $schijf.Letter -Force
    }
    New-PSDrive -Name $schijf.Letter -PSProvider FileSystem -Root $schijf.Pad `
        -Credential $inloggegevens -Persist -Scope Global | Out-Null
    Write-Host "Schijf $($schijf.Letter): gekoppeld aan $($schijf.Pad)"
}
''', PW=pw('nl')))

# f31 VB.NET module with a Twilio API key SID + secret, Spanish comments
add('f31/Notificaciones/ModuloSms.vb', T(r'''Imports Twilio
Imports Twilio.Rest.Api.V2010.Account
Imports Twilio.Types

' Módulo para enviar recordatorios de citas por SMS a los pacientes
Public Module ModuloSms

    ' Datos de la cuenta de Twilio de la clínica
    Private Const CuentaSid As String = "AC@@AC@@"
    Private Const ClaveApiSid As String = "SK@@SK@@"
    Private Const ClaveApiSecreto As String = "@@SECRET@@"
    Private Const NumeroOrigen As String = "+525512345678"

    Public Sub Inicializar()
        TwilioClient.Init(ClaveApiSid, ClaveApiSecreto, CuentaSid)
    End Sub

    Public Function EnviarRecordatorio(telefono As String, paciente As String, fecha As DateTime) As String
        Dim texto As String = String.Format(
            "Hola {0}, le recordamos su cita el {1:dd/MM/yyyy} a las {1:HH:mm}. Clínica Santa Fe.",
            paciente, fecha)

        Dim mensaje = MessageResource.Create(
            body:=texto,
            from:=New PhoneNumber(NumeroOrigen),
            [to]:=New PhoneNumber(telefono))

        Return mensaje.Sid
    End Function

End Module
''', AC=hx(32), SK=hx(32), SECRET=clean(lambda: r(32))))

# f32 Delphi unit configuring a FireDAC connection, Portuguese (BR) comments
add('f32/src/uDmConexao.pas', T(r'''unit uDmConexao;

interface

uses
  System.SysUtils, System.Classes, FireDAC.Comp.Client, FireDAC.Stan.Def,
  FireDAC.Phys.FB, FireDAC.DApt;

type
  TDmConexao = class(TDataModule)
    FDConexao: TFDConnection;
    procedure DataModuleCreate(Sender: TObject);
  private
    { Declarações privadas }
  public
    { Declarações públicas }
  end;

const
  // servidor Firebird da matriz
  SERVIDOR = '192.168.0.10';
  BANCO    = 'C:\Sistemas\Farmacia\Dados\FARMACIA.FDB';
  USUARIO  = 'SYSDBA';
  SENHA    = '@@PW@@';

var
  DmConexao: TDmConexao;

implementation

{$R *.dfm}

procedure TDmConexao.DataModuleCreate(Sender: TObject);
begin
  FDConexao.Params.Clear;
  FDConexao.Params.DriverID := 'FB';
  FDConexao.Params.Add('Server=' + SERVIDOR);
  FDConexao.Params.Database := BANCO;
  FDConexao.Params.UserName := USUARIO;
  FDConexao.Params.Password := SENHA;
  FDConexao.LoginPrompt := False;
  FDConexao.Connected := True;
end;

end.
''', PW=pw('pt')))

# f33 COBOL working-storage with a DB2 connect password (Spanish comments)
add('f33/cobol/CONCIERR.cbl', T(r'''      ******************************************************************
      * PROGRAMA: CONCIERR - CONCILIACION DE CIERRE DIARIO
      * AUTOR...: DPTO. SISTEMAS CAJA RURAL
      * FECHA...: 14/02/2019
      ******************************************************************
       IDENTIFICATION DIVISION.
       PROGRAM-ID. CONCIERR.
       ENVIRONMENT DIVISION.
       DATA DIVISION.
       WORKING-STORAGE SECTION.
           EXEC SQL INCLUDE SQLCA END-EXEC.
      * DATOS DE CONEXION A LA BASE DB2 DE PRODUCCION
       01  WS-CONEXION.
           05  WS-BASE          PIC X(8)  VALUE 'CRPROD01'.
           05  WS-USUARIO       PIC X(8)  VALUE 'BATCHCON'.
           05  WS-CLAVE         PIC X(20) VALUE '@@PW@@'.
       01  WS-CONTADORES.
           05  WS-LEIDOS        PIC 9(7)  VALUE ZEROS.
           05  WS-DESCUADRES    PIC 9(7)  VALUE ZEROS.
       PROCEDURE DIVISION.
       0000-PRINCIPAL.
           EXEC SQL
               CONNECT TO :WS-BASE USER :WS-USUARIO USING :WS-CLAVE
           END-EXEC.
           IF SQLCODE NOT = ZERO
               DISPLAY 'ERROR DE CONEXION SQLCODE: ' SQLCODE
               MOVE 16 TO RETURN-CODE
               STOP RUN
           END-IF.
           PERFORM 1000-CONCILIAR.
           DISPLAY 'REGISTROS LEIDOS: ' WS-LEIDOS.
           DISPLAY 'DESCUADRES.....: ' WS-DESCUADRES.
           EXEC SQL CONNECT RESET END-EXEC.
           STOP RUN.
       1000-CONCILIAR.
           CONTINUE.
''', PW=clean(lambda: pick(WORDS['es']).upper()[:8] + str(num(10, 99)) + pick('#$@'))))

# f34 Fortran program with parola_chiave, Italian comments
add('f34/src/scarica_osservazioni.f90', T(r'''! Programma per scaricare le osservazioni della rete di stazioni
! dall'archivio FTP dell'osservatorio e preparare l'input del modello.
! Autore: G. Russo - gruppo di meteorologia
program scarica_osservazioni
  implicit none

  ! credenziali dell'archivio (utente condiviso del gruppo)
  character(len=*), parameter :: server        = 'ftp.osservatorio-meteo.unipd.it'
  character(len=*), parameter :: utente        = 'gruppo_meteo'
  character(len=*), parameter :: parola_chiave = '@@PW@@'

  character(len=8)   :: data_oggi
  character(len=512) :: comando
  integer            :: stato

  call date_and_time(date=data_oggi)

  comando = 'curl -s -u ' // utente // ':' // parola_chiave // &
            ' -o dati/oss_' // data_oggi // '.csv' // &
            ' ftp://' // server // '/osservazioni/' // data_oggi // '.csv'

  call execute_command_line(trim(comando), exitstat=stato)

  if (stato /= 0) then
     write(*,'(A,I0)') 'Errore nello scaricamento, codice: ', stato
     stop 1
  end if

  write(*,'(A)') 'Osservazioni del ' // data_oggi // ' scaricate correttamente'
end program scarica_osservazioni
''', PW=pw('it')))

# f35 MySQL migration with CREATE USER ... IDENTIFIED BY, Portuguese comments
add('f35/db/migracoes/V3__criar_usuarios.sql', T(r'''-- Migração V3: cria o usuário da aplicação de relatórios
-- Executar como root no servidor de banco da filial Recife
-- Autor: Rafael Albuquerque

CREATE DATABASE IF NOT EXISTS relatorios_vendas
  DEFAULT CHARACTER SET utf8mb4
  COLLATE utf8mb4_unicode_ci;

-- usuário usado pelo painel de BI (somente leitura)
CREATE USER IF NOT EXISTS 'painel_bi'@'10.1.%' IDENTIFIED BY '@@PW@@';

GRANT SELECT ON relatorios_vendas.* TO 'painel_bi'@'10.1.%';

USE relatorios_vendas;

CREATE TABLE IF NOT EXISTS vendas_diarias (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  loja          VARCHAR(40)    NOT NULL,
  data_venda    DATE           NOT NULL,
  valor_total   DECIMAL(12, 2) NOT NULL,
  qtd_itens     INT            NOT NULL,
  criado_em     TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  INDEX idx_loja_data (loja, data_venda)
);

FLUSH PRIVILEGES;
''', PW=pw('pt')))

# f36 NixOS configuration.nix with a literal grafana admin_password, French comments
add('f36/hosts/supervision/configuration.nix', T(r'''# Machine de supervision du labo (Grafana + Prometheus)
{ config, pkgs, ... }:

{
  imports = [ ./hardware-configuration.nix ];

  networking.hostName = "supervision";
  time.timeZone = "Europe/Paris";

  services.prometheus = {
    enable = true;
    port = 9090;
    scrapeConfigs = [
      {
        job_name = "noeuds";
        static_configs = [ { targets = [ "calcul01:9100" "calcul02:9100" "stockage:9100" ]; } ];
      }
    ];
  };

  services.grafana = {
    enable = true;
    settings = {
      server = {
        http_addr = "0.0.0.0";
        http_port = 3000;
        domain = "supervision.labo-physique.fr";
      };
      # compte administrateur (à passer dans agenix un jour...)
      security = {
        admin_user = "admin";
        admin_password = "@@PW@@";
      };
    };
  };

  networking.firewall.allowedTCPPorts = [ 3000 9090 ];

  system.stateVersion = "23.11";
}
''', PW=pw('fr')))

# f37 Nginx site with a hard-coded Basic Authorization header to an upstream, German comments
_u37 = 'wetterdienst'
_p37 = pw('de')
add('f37/nginx/sites-available/wetterkarte.conf', T(r'''# Reverse-Proxy für die Wetterkarte im Intranet
# Die Anmeldung am Upstream-Dienst übernimmt nginx, damit die Nutzer kein Passwort brauchen.

upstream wetterdaten {
    server 10.8.0.14:8080;
    keepalive 16;
}

server {
    listen 443 ssl http2;
    server_name wetterkarte.intranet.landratsamt-ebersberg.de;

    ssl_certificate     /etc/ssl/intranet/wetterkarte.crt;
    ssl_certificate_key /etc/ssl/intranet/wetterkarte.key;

    access_log /var/log/nginx/wetterkarte.access.log;
    error_log  /var/log/nginx/wetterkarte.error.log warn;

    location /api/ {
        proxy_pass http://wetterdaten/;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        # technischer Benutzer beim Wetterdienst
        proxy_set_header Authorization "Basic @@B64@@";
        proxy_read_timeout 60s;
    }

    location / {
        root /srv/wetterkarte/public;
        try_files $uri $uri/ /index.html;
    }
}
''', B64=base64.b64encode((_u37 + ':' + _p37).encode()).decode()))

# f38 Ansible INI inventory with ansible_password=, Italian comments
add('f38/inventario/produzione.ini', T(r'''# Inventario dei server di produzione - sede di Bologna
# I server Windows usano WinRM, quelli Linux la chiave SSH del gruppo

[web]
web01.comune-interno.it
web02.comune-interno.it

[database]
db01.comune-interno.it ansible_user=amministratore

[windows]
gestionale01.comune-interno.it

[windows:vars]
ansible_connection=winrm
ansible_port=5986
ansible_winrm_transport=ntlm
ansible_winrm_server_cert_validation=ignore
ansible_user=COMUNE\svc_ansible
# password dell'utenza di servizio per WinRM
ansible_password=@@PW@@

[linux:children]
web
database

[linux:vars]
ansible_python_interpreter=/usr/bin/python3
''', PW=pwx('it', '#;')))

# f39 Vagrantfile with config.ssh.password for a custom box, Portuguese comments
add('f39/Vagrantfile', T(r'''# -*- mode: ruby -*-
# vi: set ft=ruby :
#
# Ambiente de desenvolvimento do sistema de matrículas
# Box personalizada gerada pela equipe de infraestrutura

Vagrant.configure("2") do |config|
  config.vm.box = "univ-infra/ubuntu-matriculas"
  config.vm.box_url = "https://boxes.infra.univ-federal.br/ubuntu-matriculas.json"
  config.vm.hostname = "matriculas-dev"

  # a box não aceita a chave insegura padrão, então usamos usuário e senha
  config.ssh.username = "desenvolvedor"
  config.ssh.password = "@@PW@@"
  config.ssh.insert_key = false

  config.vm.network "forwarded_port", guest: 8000, host: 8000
  config.vm.network "forwarded_port", guest: 5432, host: 15432
  config.vm.synced_folder ".", "/home/desenvolvedor/matriculas"

  config.vm.provider "virtualbox" do |vb|
    vb.name = "matriculas-dev"
    vb.memory = 4096
    vb.cpus = 2
  end

  config.vm.provision "shell", privileged: false, inline: <<-SHELL
    cd ~/matriculas
    python3 -m venv .venv
    .venv/bin/pip install -r requisitos.txt
  SHELL
end
''', PW=pw('pt')))

# f40 Puppet manifest with mysql::db password, Dutch comments
add('f40/modules/bibliotheek/manifests/database.pp', T(r'''# == Klasse: bibliotheek::database
#
# Installeert MySQL en maakt de database voor het uitleensysteem van de bibliotheek.
# Beheerd door team Infra, vragen via #infra-beheer.
#
class bibliotheek::database (
  String $db_naam      = 'uitleen',
  String $db_gebruiker = 'uitleen_app',
) {

  class { 'mysql::server':
    remove_default_accounts => true,
    override_options        => {
      'mysqld' => {
        'bind-address'         => '0.0.0.0',
        'max_connections'      => '200',
        'character-set-server' => 'utf8mb4',
      },
    },
  }

  # database en gebruiker voor de applicatie
  mysql::db { $db_naam:
    user     => $db_gebruiker,
    password => '@@PW@@',
    host     => '10.30.%',
    grant    => ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
    charset  => 'utf8mb4',
    collate  => 'utf8mb4_unicode_ci',
  }

  cron { 'uitleen-backup':
    command => "/usr/bin/mysqldump --single-transaction ${db_naam} | gzip > /backup/${db_naam}.sql.gz",
    hour    => 3,
    minute  => 15,
  }
}
''', PW=pw('nl')))

# f41 Chef attributes file with transliterated-Russian `parol` key
add('f41/cookbooks/sklad/attributes/default.rb', T(r'''# Атрибуты по умолчанию для кукбука sklad (складской учёт)
# Ответственный: Дмитрий К.

default['sklad']['versiya'] = '4.2.0'
default['sklad']['polzovatel'] = 'sklad'
default['sklad']['katalog'] = '/opt/sklad'
default['sklad']['port'] = 8090

# База данных
default['sklad']['bd']['host'] = 'pg-master.sklad.local'
default['sklad']['bd']['port'] = 5432
default['sklad']['bd']['imya'] = 'sklad_prod'
default['sklad']['bd']['polzovatel'] = 'sklad_app'
default['sklad']['bd']['parol'] = '@@PW@@'

# Очереди и фоновые задачи
default['sklad']['sidekiq']['potoki'] = 10
default['sklad']['sidekiq']['ocheredi'] = %w(postavki inventarizaciya otchety)

# Журналы
default['sklad']['zhurnal']['uroven'] = 'info'
default['sklad']['zhurnal']['hranit_dney'] = 30
''', PW=pw('ru')))

# f42 YAML double-quoted value with escaped quotes inside (German Helm values)
_p42 = clean(lambda: pick(WORDS['de']) + '"' + str(num(10, 9999)) + pick(SYM) + pick(WORDS['de']).lower())
add('f42/helm/zeiterfassung/values-produktion.yaml', T(r'''# Werte für die Produktionsumgebung der Zeiterfassung
# Achtung: Datei liegt nur im internen GitLab, trotzdem vorsichtig sein.

replicaCount: 3

image:
  repository: registry.stadtwerke-intern.de/zeiterfassung/api
  tag: "2.8.3"
  pullPolicy: IfNotPresent

ingress:
  enabled: true
  host: zeiterfassung.stadtwerke-intern.de
  tls: true

datenbank:
  host: "pg-cluster.datenbanken.svc.cluster.local"
  port: 5432
  name: "zeiterfassung"
  benutzer: "zeiterfassung_app"
  # Anführungszeichen im Passwort müssen escaped werden!
  passwort: "@@PW@@"

ressourcen:
  limits:
    cpu: 500m
    memory: 512Mi
  requests:
    cpu: 200m
    memory: 256Mi
''', PW=_p42.replace('\\', '\\\\').replace('"', '\\"')))

# f43 JSON written by Python json.dump (ensure_ascii): \u escapes in key and value
_p43 = clean(lambda: pick(WORDS['es']) + pick('&<>') + str(num(10, 9999)) + '"' + pick(WORDS['es']).lower())
_e43 = _p43.replace('"', '\\"').replace('&', '\\u0026').replace('<', '\\u003c').replace('>', '\\u003e')
add('f43/config/credenciales_sftp.json', T(r'''{
  "descripci\u00f3n": "Conexi\u00f3n SFTP para el env\u00edo de n\u00f3minas a la gestor\u00eda",
  "versi\u00f3n": 2,
  "servidor": "sftp.gestoria-alonso.es",
  "puerto": 22,
  "usuario": "nominas_panaderia",
  "contrase\u00f1a": "@@PW@@",
  "directorio_remoto": "/entrada/n\u00f3minas",
  "directorio_local": "C:\\N\u00f3minas\\Pendientes",
  "borrar_tras_env\u00edo": false,
  "reintentos": 3,
  "notificar_a": [
    "administraci\u00f3n@panaderia-sanroque.es",
    "maria.jose@panaderia-sanroque.es"
  ],
  "\u00faltima_modificaci\u00f3n": "2023-09-18T11:42:07"
}
''', PW=_e43))

# f44 Maven settings.xml with XML entities inside the server password, French comments
_p44 = clean(lambda: pick(WORDS['fr']) + pick('&<') + str(num(10, 9999)) + pick(SYM) + pick('&>"'))
_e44 = _p44.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&quot;')
add('f44/.mvn/settings.xml', T(r'''<?xml version="1.0" encoding="UTF-8"?>
<!-- Paramètres Maven pour le serveur d'intégration continue de la mutuelle -->
<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.0.0 https://maven.apache.org/xsd/settings-1.0.0.xsd">

  <mirrors>
    <mirror>
      <id>artifactory-interne</id>
      <name>Miroir interne</name>
      <url>https://artifactory.mutuelle-bretonne.fr/artifactory/maven-virtuel/</url>
      <mirrorOf>*</mirrorOf>
    </mirror>
  </mirrors>

  <servers>
    <!-- compte technique de déploiement (ne pas utiliser en local) -->
    <server>
      <id>artifactory-interne</id>
      <username>deploiement-ci</username>
      <password>@@PW@@</password>
    </server>
  </servers>

  <profiles>
    <profile>
      <id>mutuelle</id>
      <properties>
        <maven.compiler.release>17</maven.compiler.release>
        <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
      </properties>
    </profile>
  </profiles>

  <activeProfiles>
    <activeProfile>mutuelle</activeProfile>
  </activeProfiles>
</settings>
''', PW=_e44))

# f45 shell provisioning script: heredoc into psql with ALTER ROLE ... PASSWORD, Indonesian comments
add('f45/provisi/siapkan_db.sh', T(r'''#!/usr/bin/env bash
# Menyiapkan basis data PostgreSQL untuk aplikasi absensi pegawai
# Jalankan sebagai root di server db-absensi
set -e

NAMA_DB="absensi"
PENGGUNA="absensi_app"

echo ">> Membuat peran dan basis data ${NAMA_DB}..."

sudo -u postgres psql -v ON_ERROR_STOP=1 <<SQL
DO \$\$
BEGIN
   IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PENGGUNA}') THEN
      CREATE ROLE ${PENGGUNA} LOGIN;
   END IF;
END
\$\$;

-- kata sandi peran aplikasi
ALTER ROLE ${PENGGUNA} WITH PASSWORD '@@PW@@';

CREATE DATABASE ${NAMA_DB} OWNER ${PENGGUNA} ENCODING 'UTF8';
GRANT ALL PRIVILEGES ON DATABASE ${NAMA_DB} TO ${PENGGUNA};
SQL

# izinkan koneksi dari jaringan kantor
echo "host ${NAMA_DB} ${PENGGUNA} 10.50.0.0/16 scram-sha-256" >> /etc/postgresql/15/main/pg_hba.conf
systemctl reload postgresql

echo ">> Selesai."
''', PW=pwx('id', '$`\\')))

# g01 Spanish YAML template with placeholders in Spanish (tu_contraseña_aquí)
add('g01/config/conexiones.yml.plantilla', r'''# Plantilla de configuración del servicio de inventario
# Copia este archivo como conexiones.yml y rellena tus datos.
# ¡NUNCA subas conexiones.yml al repositorio! (ya está en .gitignore)

entorno: desarrollo

base_de_datos:
  motor: postgresql
  servidor: localhost
  puerto: 5432
  nombre: inventario_dev
  usuario: tu_usuario
  contraseña: "tu_contraseña_aquí"
  tiempo_espera: 30
  reintentos: 3

api_proveedores:
  url: https://api.proveedor.local/v1
  # pide la clave a Joaquín, no la pongas aquí
  clave_secreta: "<CLAVE_SECRETA>"

registro:
  nivel: DEBUG
  ruta: ./logs/app.log
''')

# g02 Portuguese application.properties using placeholders and environment references
add('g02/src/main/resources/application-modelo.properties', r'''# Modelo de configuração - copie para application.properties
# As credenciais reais ficam no cofre (Vault) e são injetadas por variável de ambiente

server.port=8080
server.servlet.context-path=/agenda

banco.host=${BANCO_HOST:localhost}
banco.nome=agendamentos
banco.usuario=${BANCO_USUARIO}
# senha do banco: defina a variável BANCO_SENHA antes de subir a aplicação
banco.senha=${BANCO_SENHA}

spring.datasource.url=jdbc:mysql://${banco.host}:3306/${banco.nome}
spring.datasource.username=${banco.usuario}
spring.datasource.password=${banco.senha}

# chave da API do ERP (ex.: <chave>)
erp.chave=<chave>
erp.url=https://api.erpvarejo.com.br/v2

spring.jpa.hibernate.ddl-auto=validate
logging.level.br.com.clinicabemestar=DEBUG
''')

# g03 French .env template with "motdepasse_a_changer" and empty values
add('g03/.env.exemple', r'''# Variables d'environnement de l'application GestStock
# Copier ce fichier en .env puis remplacer les valeurs.

APP_ENV=developpement
APP_LANGUE=fr_FR

# Base de données
BDD_HOTE=localhost
BDD_PORT=3306
BDD_NOM=stocks
BDD_UTILISATEUR=gest_stock
BDD_MOT_DE_PASSE=motdepasse_a_changer

# Envoi des courriels (laisser vide en local, Mailpit n'a pas besoin d'authentification)
SMTP_HOTE=localhost
SMTP_PORT=1025
SMTP_UTILISATEUR=
SMTP_MDP=

# Clé secrète pour les sessions : générer avec `openssl rand -hex 32`
CLE_SECRETE=

JOURNAL_NIVEAU=debug
''')

# g04 German Kotlin password-policy code (min length, regexes, German messages)
add('g04/src/main/kotlin/de/stadtwerke/konto/PasswortRichtlinie.kt', r'''package de.stadtwerke.konto

/**
 * Prüft neue Passwörter gegen die Passwort-Richtlinie der Stadtwerke (BSI-Empfehlung).
 */
object PasswortRichtlinie {
    const val MINDESTLAENGE = 12
    const val MAXIMALLAENGE = 128

    private val grossbuchstabe = Regex("[A-ZÄÖÜ]")
    private val kleinbuchstabe = Regex("[a-zäöüß]")
    private val ziffer = Regex("[0-9]")
    private val sonderzeichen = Regex("[^A-Za-z0-9ÄÖÜäöüß]")

    private val verboteneWoerter = setOf("passwort", "kennwort", "stadtwerke", "sommer", "winter")

    fun pruefe(passwort: String, benutzername: String): List<String> {
        val fehler = mutableListOf<String>()
        if (passwort.length < MINDESTLAENGE) fehler += "Das Passwort muss mindestens $MINDESTLAENGE Zeichen lang sein."
        if (passwort.length > MAXIMALLAENGE) fehler += "Das Passwort darf höchstens $MAXIMALLAENGE Zeichen lang sein."
        if (!grossbuchstabe.containsMatchIn(passwort)) fehler += "Mindestens ein Großbuchstabe ist erforderlich."
        if (!kleinbuchstabe.containsMatchIn(passwort)) fehler += "Mindestens ein Kleinbuchstabe ist erforderlich."
        if (!ziffer.containsMatchIn(passwort)) fehler += "Mindestens eine Ziffer ist erforderlich."
        if (!sonderzeichen.containsMatchIn(passwort)) fehler += "Mindestens ein Sonderzeichen ist erforderlich."
        if (passwort.contains(benutzername, ignoreCase = true)) fehler += "Das Passwort darf den Benutzernamen nicht enthalten."
        if (verboteneWoerter.any { passwort.lowercase().contains(it) }) fehler += "Das Passwort enthält ein gesperrtes Wort."
        return fehler
    }

    fun istGueltig(passwort: String, benutzername: String): Boolean = pruefe(passwort, benutzername).isEmpty()
}
''')

# g05 French Rails locale file with password labels ("Mot de passe oublié ?")
add('g05/config/locales/fr.yml', r'''fr:
  sessions:
    nouvelle:
      titre: "Connexion"
      courriel: "Adresse électronique"
      mot_de_passe: "Mot de passe"
      se_souvenir: "Se souvenir de moi"
      mot_de_passe_oublie: "Mot de passe oublié ?"
      bouton: "Se connecter"
    erreurs:
      identifiants_invalides: "Adresse électronique ou mot de passe incorrect."
      compte_verrouille: "Votre compte est verrouillé après 5 tentatives. Réessayez dans 15 minutes."
  mots_de_passe:
    modifier:
      titre: "Changer de mot de passe"
      actuel: "Mot de passe actuel"
      nouveau: "Nouveau mot de passe"
      confirmation: "Confirmez le nouveau mot de passe"
      aide: "Au moins 12 caractères, dont une majuscule, un chiffre et un caractère spécial."
      succes: "Votre mot de passe a bien été modifié."
    reinitialiser:
      titre: "Réinitialiser le mot de passe"
      instructions: "Saisissez votre adresse, nous vous enverrons un lien de réinitialisation."
      envoye: "Si un compte existe, un courriel vient d'être envoyé."
  activerecord:
    attributes:
      utilisateur:
        password: "Mot de passe"
        password_confirmation: "Confirmation du mot de passe"
''')

# g06 Ansible INI inventory whose passwords point at vault variables (Italian comments)
add('g06/inventario/collaudo.ini', r'''# Inventario dei server di collaudo - sede di Bologna
# Le password NON vanno scritte qui: sono in group_vars/windows/vault.yml (ansible-vault)

[web]
web-coll01.comune-interno.it

[windows]
gestionale-coll01.comune-interno.it

[windows:vars]
ansible_connection=winrm
ansible_port=5986
ansible_winrm_transport=ntlm
ansible_user=COMUNE\svc_ansible_coll
ansible_password="{{ vault_password_winrm }}"

[web:vars]
ansible_user=deploy
ansible_become=true
ansible_become_password="{{ lookup('env', 'ANSIBLE_BECOME_PASS') }}"
ansible_python_interpreter=/usr/bin/python3
''')

# g07 Elixir runtime.exs reading credentials from environment variables (Portuguese comments)
add('g07/config/runtime.exs', r'''import Config

# Configuração em tempo de execução - as credenciais vêm do ambiente (Kubernetes Secret)
if config_env() == :prod do
  url_banco =
    System.get_env("URL_BANCO") ||
      raise """
      a variável de ambiente URL_BANCO não foi definida.
      Exemplo de formato: ecto://USUARIO:SENHA@HOST/BANCO
      """

  config :matriculas, Matriculas.Repo,
    url: url_banco,
    username: System.get_env("USUARIO_BANCO", "matriculas"),
    password: System.fetch_env!("SENHA_BANCO"),
    pool_size: String.to_integer(System.get_env("TAMANHO_POOL") || "10")

  chave_secreta =
    System.get_env("CHAVE_SECRETA_BASE") ||
      raise "defina CHAVE_SECRETA_BASE (gere com: mix phx.gen.secret)"

  config :matriculas, MatriculasWeb.Endpoint,
    http: [ip: {0, 0, 0, 0}, port: String.to_integer(System.get_env("PORTA") || "4000")],
    secret_key_base: chave_secreta
end
''')

# g08 Scala build.sbt with Credentials from a file and from sys.env (German comments)
add('g08/build.sbt', r'''// Abrechnungsdienst – Build-Definition
// Zugangsdaten NICHT hier eintragen! Entweder ~/.sbt/.credentials oder Umgebungsvariablen (CI).

ThisBuild / organization := "de.stadtwerke.abrechnung"
ThisBuild / scalaVersion := "2.13.12"

lazy val root = (project in file("."))
  .settings(
    name := "abrechnung-dienst",
    libraryDependencies += "org.postgresql" % "postgresql" % "42.6.0"
  )

// lokal: Datei mit realm/host/user/password
credentials += Credentials(Path.userHome / ".sbt" / ".credentials")

// im CI: aus den geschützten GitLab-Variablen
credentials ++= (for {
  benutzer <- sys.env.get("NEXUS_BENUTZER")
  kennwort <- sys.env.get("NEXUS_KENNWORT")
} yield Credentials("Sonatype Nexus Repository Manager", "nexus.stadtwerke-intern.de", benutzer, kennwort)).toSeq

publishTo := Some("releases" at "https://nexus.stadtwerke-intern.de/repository/maven-releases")
''')

# g09 SwiftUI login view with a password field and Spanish labels
add('g09/Sources/Acceso/VistaAcceso.swift', r'''import SwiftUI

/// Pantalla de inicio de sesión de la app de reservas
struct VistaAcceso: View {
    @State private var correo = ""
    @State private var contrasena = ""
    @State private var mostrarContrasena = false
    @State private var mensajeError: String?

    var body: some View {
        VStack(spacing: 16) {
            TextField("Correo electrónico", text: $correo)
                .textContentType(.emailAddress)
                .keyboardType(.emailAddress)
                .autocapitalization(.none)

            if mostrarContrasena {
                TextField("Contraseña", text: $contrasena)
            } else {
                SecureField("Contraseña", text: $contrasena)
                    .textContentType(.password)
            }

            Toggle("Mostrar contraseña", isOn: $mostrarContrasena)

            if let mensajeError {
                Text(mensajeError).foregroundColor(.red).font(.footnote)
            }

            Button("Entrar") { validar() }
                .disabled(correo.isEmpty || contrasena.isEmpty)

            Button("¿Olvidaste tu contraseña?") { }
                .font(.footnote)
        }
        .padding()
    }

    private func validar() {
        if contrasena.count < 8 {
            mensajeError = "La contraseña debe tener al menos 8 caracteres."
        } else {
            mensajeError = nil
        }
    }
}
''')

# g10 NixOS config with secrets from agenix files, no literal password (French comments)
add('g10/hosts/supervision/configuration.nix', r'''# Machine de supervision du labo - les secrets sont gérés avec agenix
{ config, pkgs, ... }:

{
  imports = [ ./hardware-configuration.nix ];

  age.secrets.grafana-admin = {
    file = ../../secrets/grafana-admin.age;
    owner = "grafana";
  };
  age.secrets.mot-de-passe-admin.file = ../../secrets/mot-de-passe-admin.age;

  services.grafana = {
    enable = true;
    settings = {
      server.http_port = 3000;
      server.domain = "supervision.labo-physique.fr";
      # le mot de passe est lu depuis le fichier déchiffré au démarrage
      security.admin_user = "admin";
      security.admin_password = "$__file{${config.age.secrets.grafana-admin.path}}";
    };
  };

  users.users.admin = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    hashedPasswordFile = config.age.secrets.mot-de-passe-admin.path;
  };

  system.stateVersion = "23.11";
}
''')

# g11 PowerShell that prompts for / fetches the password from a vault (Dutch comments)
add('g11/beheer/Koppel-Netwerkschijven.ps1', r'''<#
    Koppelt de afdelingsschijven. Het wachtwoord wordt NIET in dit script opgeslagen:
    het komt uit de SecretStore-kluis of wordt interactief gevraagd.
#>
param(
    [switch]$Interactief
)

$ErrorActionPreference = 'Stop'
$gebruiker = 'GEMEENTE\svc_schijven'

if ($Interactief) {
    $wachtwoord = Read-Host -Prompt "Wachtwoord voor $gebruiker" -AsSecureString
} else {
    # kluis 'Beheer' is ingericht met Microsoft.PowerShell.SecretStore
    $wachtwoord = Get-Secret -Vault 'Beheer' -Name 'svc_schijven'
}

$inloggegevens = New-Object System.Management.Automation.PSCredential ($gebruiker, $wachtwoord)

New-PSDrive -Name 'F' -PSProvider FileSystem -Root '\\fs01.gemeente.local\financien' `
    -Credential $inloggegevens -Persist -Scope Global | Out-Null
Write-Host "Schijf F: gekoppeld"
''')

# g12 Puppet manifest with a sha512-crypt hashed user password and hiera lookups (Turkish comments)
add('g12/modules/profil/manifests/yonetici.pp', T(r'''# == Sınıf: profil::yonetici
#
# Sunuculara yönetici kullanıcısını ekler.
# Not: Puppet "user" kaynağı düz şifre değil, sha512-crypt özeti ister.
# Özet üretmek için: mkpasswd -m sha-512
#
class profil::yonetici {

  user { 'sistemyonetici':
    ensure     => present,
    comment    => 'Sistem Yöneticisi',
    managehome => true,
    shell      => '/bin/bash',
    groups     => ['sudo'],
    # şifre özeti (düz şifre değil)
    password   => '$6$@@SALT@@$@@HASH@@',
  }

  # veritabanı şifresi Hiera eyaml içinde şifreli tutuluyor
  $vt_sifre = lookup('profil::veritabani::sifre', Sensitive[String])

  class { 'mysql::server':
    root_password => $vt_sifre,
  }
}
''', SALT=clean(lambda: r(16, A + './')), HASH=clean(lambda: r(86, A + './'))))

write()
